import { chunkParagraphs, type Chunk, type ChunkOptions } from "../corpus/chunk.js";
import { readCorpusEntry, scanCorpus, type CorpusEntry } from "../corpus/load-corpus.js";
import { splitSentences, type Sentence } from "../corpus/sentences.js";
import type { CorpusDocument } from "../corpus/types.js";
import { hashFile } from "./corpus-hashes.js";
import type { IndexedDocument, SkippedRecord } from "./manifest.js";
import type { PassageStore } from "./passage-store.js";

/** One document as the next index will hold it, parsed now or carried over unchanged from the previous index. */
export interface PlannedDocument {
  document: CorpusDocument;
  chunks: Chunk[];
  sentences: Sentence[];
  record: IndexedDocument;
  reused: boolean;
}

export interface CorpusPlan {
  /** In relative-path order, so the same corpus always gives the same index. */
  documents: PlannedDocument[];
  skipped: SkippedRecord[];
  /** sha256 by relative path of every file that was read. */
  hashes: Record<string, string>;
  changes: CorpusChanges;
}

export interface CorpusChanges {
  added: string[];
  changed: string[];
  removed: string[];
}

export interface PreviousIndex {
  documents: IndexedDocument[];
  skipped: SkippedRecord[];
  passages: PassageStore;
}

export interface PlanOptions {
  corpusDir: string;
  chunking: ChunkOptions;
  /** The index being updated; undefined for a full build. */
  previous?: PreviousIndex;
  now: () => string;
  onParsed?: (done: number, total: number) => void;
  /** Files larger than this are skipped as too large (MAX_FILE_BYTES). */
  maxFileBytes?: number;
}

interface StoredPieces {
  chunks: Chunk[];
  sentences: Sentence[];
}

/** The previous index's chunks and sentences grouped by document, in one pass over each. */
function piecesByDocument(passages: PassageStore): Map<string, StoredPieces> {
  const groups = new Map<string, StoredPieces>();
  const groupOf = (paragraphId: string) => {
    const docId = passages.paragraphs.get(paragraphId)?.docId ?? "";
    let group = groups.get(docId);
    if (!group) groups.set(docId, (group = { chunks: [], sentences: [] }));
    return group;
  };
  for (const chunk of passages.data.chunks) groupOf(chunk.paragraphId).chunks.push(chunk);
  for (const sentence of passages.data.sentences) groupOf(sentence.paragraphId).sentences.push(sentence);
  return groups;
}

/** The previous index's document with its chunks and sentences, as if parsed now. */
function carriedOver(previous: PreviousIndex, pieces: Map<string, StoredPieces>, record: IndexedDocument): Omit<PlannedDocument, "record" | "reused"> | undefined {
  const stored = previous.passages.documents.get(record.id);
  if (!stored) return undefined;
  const { chunks = [], sentences = [] } = pieces.get(record.id) ?? {};
  return { document: { ...stored, paragraphs: previous.passages.paragraphsOf(record.id) } as CorpusDocument, chunks, sentences };
}

/**
 * Scans the corpus and decides, file by file, what the next index holds: a file whose bytes hash
 * as recorded keeps its parsed document, chunks and sentences (and `indexedAt`); any other file is
 * parsed now. Every file is hashed, never trusted by its modification time, because a checkout or
 * a copy can keep a time and change the content.
 */
export async function planCorpus(options: PlanOptions): Promise<CorpusPlan> {
  const { corpusDir, chunking, previous, now, onParsed, maxFileBytes } = options;
  const scan = await scanCorpus(corpusDir, { maxFileBytes });
  const entries = [...scan.entries].sort((a, b) => (a.relativePath < b.relativePath ? -1 : a.relativePath > b.relativePath ? 1 : 0));
  const before = new Map(previous?.documents.map((record) => [record.relativePath, record]));
  const skippedBefore = new Map(previous?.skipped.map((record) => [record.relativePath, record]));
  const skipped: SkippedRecord[] = scan.skipped.map(({ relativePath, reason, detail }) => ({ relativePath, reason, detail }));
  const hashes: Record<string, string> = {};
  const documents: PlannedDocument[] = [];
  const owners = new Map<string, string>();
  const changes: CorpusChanges = { added: [], changed: [], removed: [] };
  const pieces = previous ? piecesByDocument(previous.passages) : new Map<string, StoredPieces>();

  for (const [position, entry] of entries.entries()) {
    const hash = await hashFile(entry.absolutePath);
    hashes[entry.relativePath] = hash;
    const known = before.get(entry.relativePath) ?? skippedBefore.get(entry.relativePath);
    if (!known) changes.added.push(entry.relativePath);
    else if (known.sha256 !== hash) changes.changed.push(entry.relativePath);

    const planned = await planEntry({ corpusDir, entry, hash, previous, chunking, now, maxFileBytes, pieces, record: before.get(entry.relativePath), skippedBefore: skippedBefore.get(entry.relativePath) });
    onParsed?.(position + 1, entries.length);
    if ("skipped" in planned) {
      skipped.push(planned.skipped);
      continue;
    }
    const owner = owners.get(planned.record.id);
    if (owner) {
      skipped.push({ relativePath: entry.relativePath, reason: "duplicate-id", detail: `"${owner}" already has document id "${planned.record.id}"; rename one of them`, sha256: hash });
      continue;
    }
    owners.set(planned.record.id, entry.relativePath);
    documents.push(planned);
  }
  const present = new Set(entries.map((entry) => entry.relativePath));
  for (const relativePath of [...before.keys(), ...skippedBefore.keys()]) if (!present.has(relativePath)) changes.removed.push(relativePath);
  skipped.sort((a, b) => (a.relativePath < b.relativePath ? -1 : 1));
  return { documents, skipped, hashes, changes };
}

interface EntryInputs extends Pick<PlanOptions, "corpusDir" | "previous" | "chunking" | "now" | "maxFileBytes"> {
  entry: CorpusEntry;
  hash: string;
  pieces: Map<string, StoredPieces>;
  /** What the previous index recorded for this path, if anything. */
  record?: IndexedDocument;
  skippedBefore?: SkippedRecord;
}

async function planEntry({ corpusDir, entry, hash, previous, chunking, now, pieces, record, skippedBefore, maxFileBytes }: EntryInputs): Promise<PlannedDocument | { skipped: SkippedRecord }> {
  if (previous && record?.sha256 === hash) {
    const kept = carriedOver(previous, pieces, record);
    if (kept) return { ...kept, record, reused: true };
  }
  if (skippedBefore?.sha256 === hash) return { skipped: skippedBefore };

  const read = await readCorpusEntry(corpusDir, entry, { maxFileBytes });
  if ("skipped" in read) return { skipped: { ...read.skipped, sha256: read.sha256 ?? hash } };
  const { document, format, warnings } = read;
  const chunks = await chunkParagraphs(document.paragraphs, chunking);
  const sentences = splitSentences(document.paragraphs);
  return {
    document,
    chunks,
    sentences,
    reused: false,
    record: {
      id: document.id,
      title: document.title,
      format,
      relativePath: entry.relativePath,
      bytes: entry.size,
      sha256: hash,
      paragraphs: document.paragraphs.length,
      chunks: chunks.length,
      sentences: sentences.length,
      indexedAt: now(),
      warnings,
    },
  };
}
