import { mkdir } from "node:fs/promises";
import path from "node:path";
import { DEFAULT_CHUNK_OPTIONS, type ChunkOptions } from "../corpus/chunk.js";
import { chunkEmbeddingText, sentenceEmbeddingText } from "../corpus/embedding-text.js";
import type { CorpusDocument } from "../corpus/types.js";
import type { Embedder } from "../embed/embedder.js";
import type { ModelFingerprint } from "../embed/model-fingerprint.js";
import { buildLexical } from "../retrieve/lexical-data.js";
import { planCorpus, type CorpusChanges, type PreviousIndex } from "./corpus-plan.js";
import { embedTexts, type EmbedProgress } from "./embed-texts.js";
import { EMBEDDING_RECIPE } from "./embedding-cache.js";
import { removeUnreferenced, type IndexFileSystem } from "./index-files.js";
import { acquireLock, type LockHolder } from "./lock.js";
import { INDEX_FORMAT_VERSION, type Manifest } from "./manifest.js";
import { PassageStore } from "./passage-store.js";
import { readPreviousIndex, sameCorpusDir } from "./previous-index.js";
import { DEFAULT_HNSW_PARAMS, VectorIndex, type HnswParams } from "./vector-index.js";
import { writeIndex, writeLexical, type BuildPhase } from "./write-index.js";
import { IndexUnusableError } from "./errors.js";

export { BUILD_PHASES, type BuildPhase } from "./write-index.js";

export type BuildProgress =
  | { stage: "waiting"; holder?: LockHolder; waitedMs: number }
  | { stage: "parsing"; done: number; total: number }
  | { stage: "parsed"; documents: number; paragraphs: number; chunks: number; sentences: number; changes: CorpusChanges; reused: number }
  | ({ stage: "embedding" } & EmbedProgress)
  | { stage: "written"; manifest: Manifest; seconds: number; removed: string[] };

export interface BuildIndexOptions {
  corpusDir: string;
  indexDir: string;
  embedder: Embedder;
  model: ModelFingerprint;
  chunking?: ChunkOptions;
  hnsw?: HnswParams;
  onProgress?: (progress: BuildProgress) => void;
  /** Embedding batch size; progress is reported after each batch. */
  batchSize?: number;
  /** Ignore the existing index and its embedding cache: parse and embed everything. */
  full?: boolean;
  /** Corpus files larger than this are skipped as too large (MAX_FILE_BYTES). */
  maxFileBytes?: number;
  /** Wait for another builder's lock instead of failing with IndexBusyError. */
  waitForLock?: boolean;
  /** Build into an index folder that records another corpus (replacing that index). */
  replaceForeign?: boolean;
  now?: () => string;
  fileSystem?: IndexFileSystem;
  /** Called after each step; tests use it to crash a build at every point. */
  checkpoint?: (phase: BuildPhase) => void | Promise<void>;
}

export interface BuildResult {
  manifest: Manifest;
  /** False when the corpus, model and settings matched the existing index and no passage or vector was written. */
  changed: boolean;
  /** An unchanged index got the lexical file of the current recipe (it had none, or an older one). */
  lexicalSaved?: boolean;
  changes: CorpusChanges;
  /** Texts the model embedded in this build (the rest came from the cache). */
  embedded: number;
  /** Documents carried over without parsing. */
  reused: number;
  seconds: number;
}

/** The lock files sit beside the index folder's data, outside what the manifest names. */
export function lockFileFor(indexDir: string): string {
  return path.join(indexDir, ".lock");
}

/** Builds or updates the index and returns its manifest (see updateIndex). */
export async function buildIndex(options: BuildIndexOptions): Promise<Manifest> {
  return (await updateIndex(options)).manifest;
}

/**
 * Brings the index in `indexDir` up to date with the corpus. Unchanged documents keep their parsed
 * passages; every text is embedded only if its vector is not cached; the HNSW graph is rebuilt from
 * the vectors (see vector-index.ts for why not mark-delete). Data files are content-addressed,
 * verified after writing, and the manifest is published last, so a crash or a failed write at any
 * point leaves the previous index intact and serving.
 */
export async function updateIndex(options: BuildIndexOptions): Promise<BuildResult> {
  const { corpusDir, indexDir, embedder, model, onProgress, batchSize = 32, full = false } = options;
  const chunking = options.chunking ?? DEFAULT_CHUNK_OPTIONS;
  const hnsw = options.hnsw ?? DEFAULT_HNSW_PARAMS;
  const now = options.now ?? (() => new Date().toISOString());
  const checkpoint = async (phase: BuildPhase) => options.checkpoint?.(phase);
  const began = performance.now();
  await mkdir(indexDir, { recursive: true });
  const release = await acquireLock(lockFileFor(indexDir), { wait: options.waitForLock, onWait: (holder, waitedMs) => onProgress?.({ stage: "waiting", holder, waitedMs }) });
  try {
    const existing = await readPreviousIndex(indexDir, { model, chunking, hnsw });
    if (existing.manifest && !sameCorpusDir(existing.manifest, indexDir, corpusDir) && !options.replaceForeign) {
      throw new IndexUnusableError("foreign", `it was built from ${path.resolve(indexDir, existing.manifest.corpusDir)}, not ${corpusDir}; set INDEX_DIR to a folder of its own`, { indexDir });
    }
    const previous = full ? {} : existing;
    const reusable: PreviousIndex | undefined = previous.index && { documents: previous.index.manifest.documents, skipped: previous.index.manifest.skipped, passages: previous.index.passages };
    const plan = await planCorpus({ corpusDir, chunking, previous: reusable, now, maxFileBytes: options.maxFileBytes, onParsed: (done, total) => onProgress?.({ stage: "parsing", done, total }) });
    await checkpoint("planned");
    const reused = plan.documents.filter((planned) => planned.reused).length;
    const { changes } = plan;
    const documents = plan.documents.map((planned) => planned.document);
    const chunks = plan.documents.flatMap((planned) => planned.chunks);
    const sentences = plan.documents.flatMap((planned) => planned.sentences);
    const passages = PassageStore.fromDocuments(documents, chunks, sentences);
    onProgress?.({ stage: "parsed", documents: documents.length, paragraphs: passages.data.paragraphs.length, chunks: chunks.length, sentences: sentences.length, changes, reused });

    const unchanged = reused === plan.documents.length && changes.added.length + changes.changed.length + changes.removed.length === 0;
    if (previous.index && unchanged) {
      // An index without a lexical file of the current recipe gets one; nothing else is written.
      const { manifest: current, lexical, passages: stored } = previous.index;
      const manifest = lexical ? current : await writeLexical({ indexDir, manifest: current, lexical: buildLexical(stored), fileSystem: options.fileSystem });
      await removeUnreferenced(indexDir, manifest);
      return { manifest, changed: false, ...(lexical ? {} : { lexicalSaved: true }), changes, embedded: 0, reused, seconds: (performance.now() - began) / 1000 };
    }

    const texts = embeddingTexts(passages);
    const embedded = await embedTexts({ texts, model, embedder, cache: previous.cache, batchSize, onProgress: (progress) => onProgress?.({ stage: "embedding", ...progress }) });
    await checkpoint("embedded");
    const dimensions = embedded.vectors[0]?.length ?? 0;
    if (dimensions === 0) throw new Error(`the corpus in ${corpusDir} has no paragraphs to index`);
    const graph = VectorIndex.build(embedded.vectors.slice(0, chunks.length), dimensions, hnsw);
    const sentenceMatrix = new Float32Array(sentences.length * dimensions);
    embedded.vectors.slice(chunks.length).forEach((vector, row) => sentenceMatrix.set(vector, row * dimensions));
    await checkpoint("graph-built");

    const manifest = await writeIndex({
      indexDir,
      passages,
      graph,
      sentenceMatrix,
      cache: embedded.cache,
      lexical: buildLexical(passages),
      fileSystem: options.fileSystem,
      checkpoint,
      manifest: {
        formatVersion: INDEX_FORMAT_VERSION,
        model,
        dimensions,
        hnsw,
        chunking,
        embeddingRecipe: EMBEDDING_RECIPE,
        corpusDir: path.relative(indexDir, corpusDir).split(path.sep).join("/") || ".",
        counts: { documents: documents.length, paragraphs: passages.data.paragraphs.length, chunks: chunks.length, sentences: sentences.length },
        corpus: plan.hashes,
        documents: plan.documents.map((planned) => planned.record),
        skipped: plan.skipped,
      },
    });
    const removed = await removeUnreferenced(indexDir, manifest);
    await checkpoint("cleaned");
    const seconds = (performance.now() - began) / 1000;
    onProgress?.({ stage: "written", manifest, seconds, removed });
    return { manifest, changed: true, changes, embedded: embedded.embedded, reused, seconds };
  } finally {
    await release();
  }
}

/** Chunk texts, then sentence texts, in label and row order: what the vectors of the index are of. */
function embeddingTexts(passages: PassageStore): string[] {
  const documents = new Map<string, CorpusDocument>();
  const documentOf = (paragraphId: string) => {
    const paragraph = passages.paragraphs.get(paragraphId);
    const stored = paragraph && passages.documents.get(paragraph.docId);
    if (!paragraph || !stored) throw new Error(`a passage without paragraph or document: ${paragraphId}`);
    let document = documents.get(stored.id);
    if (!document) documents.set(stored.id, (document = { ...stored, paragraphs: passages.paragraphsOf(stored.id) } as CorpusDocument));
    return { paragraph, document };
  };
  const chunkTexts = passages.data.chunks.map((chunk) => {
    const { paragraph, document } = documentOf(chunk.paragraphId);
    return chunkEmbeddingText(document, paragraph, chunk);
  });
  const sentenceTexts = passages.data.sentences.map((sentence, row) => {
    const { paragraph, document } = documentOf(sentence.paragraphId);
    return sentenceEmbeddingText(document, paragraph, passages.sentenceText(row));
  });
  return [...chunkTexts, ...sentenceTexts];
}
