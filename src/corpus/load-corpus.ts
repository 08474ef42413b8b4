import { readFile } from "node:fs/promises";
import { documentIdFor } from "./document-id.js";
import { sha256 } from "./sha256.js";
import { readCorpusEntry } from "./read-corpus-entry.js";
import { scanCorpus } from "./scan-corpus.js";
import type { CorpusReadOptions, SkippedFile } from "./corpus-entry.js";
import type { CorpusDocument, DocumentFormat } from "./types.js";

export type { CorpusEntry, CorpusReadOptions, SkipReason, SkippedFile } from "./corpus-entry.js";
export { DEFAULT_MAX_FILE_BYTES } from "./corpus-entry.js";
export type { DocumentFormat } from "./types.js";
export { documentIdFor } from "./document-id.js";
export { readCorpusEntry, type EntryResult } from "./read-corpus-entry.js";
export { scanCorpus } from "./scan-corpus.js";
export { sha256 } from "./sha256.js";

/** File names the corpus reader has a parser for. */
export const CORPUS_EXTENSIONS = /\.(txt|text|md|markdown|html|htm|xhtml|pdf|docx)$/i;

export interface Corpus {
  documents: CorpusDocument[];
  /** sha256 of every corpus file that was read (indexed or skipped after reading), by relative path: what the index manifest records. */
  fileHashes: Record<string, string>;
  /** Every file that was not indexed, with the reason. */
  skipped: SkippedFile[];
  /** The format of each indexed document, by relative path. */
  formats: Record<string, DocumentFormat>;
  /** Warnings by relative path (a guessed encoding, invalid front matter …). */
  warnings: Record<string, string[]>;
}

/**
 * Reads the corpus folder recursively and parses every file it can. Nothing is thrown for a bad
 * file: it is listed in `skipped` with its reason. Two files with the same document id (`a.md` and
 * `a.html`): the first in path order is indexed, the other skipped as `duplicate-id`.
 */
export async function loadCorpus(corpusDir: string, options: CorpusReadOptions = {}): Promise<Corpus> {
  const { entries, skipped } = await scanCorpus(corpusDir, options);
  const corpus: Corpus = { documents: [], fileHashes: {}, skipped, formats: {}, warnings: {} };
  const owners = new Map<string, string>();
  for (const entry of entries) {
    const owner = owners.get(documentIdFor(entry.relativePath));
    if (owner) {
      skipped.push({ relativePath: entry.relativePath, reason: "duplicate-id", detail: `has the same document id as ${owner}; rename one` });
      continue;
    }
    const result = await readCorpusEntry(corpusDir, entry, options);
    if (result.sha256) corpus.fileHashes[entry.relativePath] = result.sha256;
    if ("skipped" in result) {
      skipped.push(result.skipped);
      continue;
    }
    owners.set(result.document.id, entry.relativePath);
    corpus.documents.push(result.document);
    corpus.formats[entry.relativePath] = result.format;
    if (result.warnings.length > 0) corpus.warnings[entry.relativePath] = result.warnings;
  }
  skipped.sort((a, b) => (a.relativePath < b.relativePath ? -1 : a.relativePath > b.relativePath ? 1 : 0));
  return corpus;
}

/**
 * The sha256 of every file the corpus reader would read, by relative path, without parsing: what
 * start-up compares with the index manifest. (Prefer scanCorpus for new code.)
 */
export async function readCorpusFiles(corpusDir: string, options: CorpusReadOptions = {}): Promise<{ fileName: string; sha256: string }[]> {
  const { entries } = await scanCorpus(corpusDir, options);
  const files = await Promise.all(entries.map(async (entry) => ({ fileName: entry.relativePath, sha256: sha256(await readFile(entry.absolutePath).catch(() => "")) })));
  return files;
}
