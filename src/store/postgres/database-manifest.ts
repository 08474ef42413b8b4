import type pg from "pg";
import { DEFAULT_CHUNK_OPTIONS } from "../../corpus/chunk.js";
import type { ModelFingerprint } from "../../embed/model-fingerprint.js";
import { EMBEDDING_RECIPE } from "../embedding-cache.js";
import { IndexUnusableError } from "../errors.js";
import { INDEX_FORMAT_VERSION, type IndexFileEntry, type IndexedDocument, type Manifest, type SkippedRecord } from "../manifest.js";
import { DEFAULT_HNSW_PARAMS, type HnswParams } from "../vector-index.js";
import { readState, type CorpusState } from "./corpus-rows.js";
import { inTransaction } from "./database.js";
import { STORED_DIMENSIONS } from "./embed-document.js";

/**
 * Throws IndexUnusableError "missing" when the database holds no documents yet, and "stale" when
 * its vectors were made by another model or recipe than the configured one.
 */
export function assertUsable(state: CorpusState, documents: number, model: ModelFingerprint): void {
  if (documents === 0) throw new IndexUnusableError("missing", "the database holds no documents yet");
  if (state.modelSha256 !== model.sha256 || state.embeddingRecipe !== EMBEDDING_RECIPE) {
    throw new IndexUnusableError("stale", `its vectors were made with model ${state.modelId ?? "?"} (${(state.modelSha256 ?? "").slice(0, 12)}) and another recipe or model than the configured ${model.id} (${model.sha256.slice(0, 12)})`);
  }
}

/** The database's corpus described in the file store's manifest shape; its `files` name the generation, not files. */
export function databaseManifest({ state, records, skipped, model, hnsw = DEFAULT_HNSW_PARAMS }: { state: CorpusState; records: IndexedDocument[]; skipped: SkippedRecord[]; model: ModelFingerprint; hnsw?: HnswParams }): Manifest {
  const generationFile = (prefix: string): IndexFileEntry => ({ name: `${prefix}-${state.generation.toString(16).padStart(16, "0")}.pg`, sha256: "0".repeat(64), bytes: 0 });
  const sum = (count: (record: IndexedDocument) => number) => records.reduce((total, record) => total + count(record), 0);
  return {
    formatVersion: INDEX_FORMAT_VERSION,
    model: { id: state.modelId ?? model.id, file: model.file, sha256: model.sha256 },
    dimensions: STORED_DIMENSIONS,
    hnsw,
    chunking: { chunkSize: state.chunkSize ?? DEFAULT_CHUNK_OPTIONS.chunkSize, chunkOverlap: state.chunkOverlap ?? DEFAULT_CHUNK_OPTIONS.chunkOverlap },
    embeddingRecipe: EMBEDDING_RECIPE,
    corpusDir: ".",
    counts: { documents: records.length, paragraphs: sum((record) => record.paragraphs), chunks: sum((record) => record.chunks), sentences: sum((record) => record.sentences) },
    corpus: Object.fromEntries([...records, ...skipped].flatMap((record) => (record.sha256 ? [[record.relativePath, record.sha256]] : []))),
    documents: records,
    skipped,
    files: { passages: generationFile("passages"), hnsw: generationFile("hnsw"), sentenceVectors: generationFile("sentences"), embeddings: generationFile("embeddings") },
  };
}

const byPath = (a: { relativePath: string }, b: { relativePath: string }) => (a.relativePath < b.relativePath ? -1 : a.relativePath > b.relativePath ? 1 : 0);

/**
 * The manifest of what the database holds now, read in one REPEATABLE READ transaction: the
 * documents' records and skipped files only, never passages or vectors (what a server answering in
 * SQL keeps). Throws as assertUsable does.
 */
export async function readDatabaseManifest(pool: pg.Pool, model: ModelFingerprint): Promise<{ manifest: Manifest; generation: number }> {
  const { state, records, skipped } = await inTransaction(
    pool,
    async (client) => ({
      state: await readState(client),
      records: (await client.query<{ record: IndexedDocument }>("SELECT record FROM documents")).rows.map((row) => row.record).sort(byPath),
      skipped: (await client.query<{ relative_path: string; reason: string; detail: string; sha256: string | null }>("SELECT relative_path, reason, detail, sha256 FROM skipped_files")).rows
        .map((row): SkippedRecord => ({ relativePath: row.relative_path, reason: row.reason, detail: row.detail, ...(row.sha256 ? { sha256: row.sha256 } : {}) }))
        .sort(byPath),
    }),
    { isolation: "REPEATABLE READ" },
  );
  assertUsable(state, records.length, model);
  return { manifest: databaseManifest({ state, records, skipped, model }), generation: state.generation };
}
