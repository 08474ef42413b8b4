import type pg from "pg";
import { DEFAULT_CHUNK_OPTIONS } from "../../corpus/chunk.js";
import type { ModelFingerprint } from "../../embed/model-fingerprint.js";
import { EMBEDDING_RECIPE } from "../embedding-cache.js";
import { IndexUnusableError } from "../errors.js";
import type { LoadedIndex } from "../load-index.js";
import { INDEX_FORMAT_VERSION, type IndexFileEntry, type Manifest } from "../manifest.js";
import { PassageStore } from "../passage-store.js";
import { DEFAULT_HNSW_PARAMS, VectorIndex, type HnswParams } from "../vector-index.js";
import { readCorpus, readState, type DocumentPieces } from "./corpus-rows.js";
import { inTransaction } from "./database.js";
import { STORED_DIMENSIONS } from "./embed-document.js";

export interface Snapshot {
  index: LoadedIndex;
  /** The corpus_state generation this snapshot shows. */
  generation: number;
  /** Its documents' rows, which the next load reuses where they did not change. */
  pieces: Map<string, DocumentPieces>;
}

/**
 * Reads the whole corpus in one REPEATABLE READ transaction (one consistent generation) and builds
 * the in-memory structures answering uses: the passages, an hnswlib graph over the chunk vectors
 * and the sentence matrix. Given the `previous` snapshot, only documents written since are read. Answering, hybrid fusion and the verifier then run exactly as over the
 * file store. The manifest is the file store's shape; its `files` name the generation, not files.
 * Throws IndexUnusableError "missing" when the database holds no documents yet, and "stale" when
 * its vectors were made by another model or recipe.
 */
export async function loadSnapshot(pool: pg.Pool, { model, hnsw = DEFAULT_HNSW_PARAMS, previous }: { model: ModelFingerprint; hnsw?: HnswParams; previous?: Snapshot }): Promise<Snapshot> {
  const { state, corpus } = await inTransaction(pool, async (client) => ({ state: await readState(client), corpus: await readCorpus(client, { vectors: true, reuse: previous?.pieces }) }), { isolation: "REPEATABLE READ" });
  if (corpus.records.length === 0) throw new IndexUnusableError("missing", "the database holds no documents yet");
  if (state.modelSha256 !== model.sha256 || state.embeddingRecipe !== EMBEDDING_RECIPE) {
    throw new IndexUnusableError("stale", `its vectors were made with model ${state.modelId ?? "?"} (${(state.modelSha256 ?? "").slice(0, 12)}) and another recipe or model than the configured ${model.id} (${model.sha256.slice(0, 12)})`);
  }
  const passages = new PassageStore(corpus.data);
  const chunkVectors = corpus.chunkVectors ?? [];
  const sentenceRows = corpus.sentenceVectors ?? [];
  const vectors = VectorIndex.build(chunkVectors, STORED_DIMENSIONS, hnsw);
  const sentenceVectors = new Float32Array(sentenceRows.length * STORED_DIMENSIONS);
  sentenceRows.forEach((vector, row) => sentenceVectors.set(vector, row * STORED_DIMENSIONS));
  const generationFile = (prefix: string): IndexFileEntry => ({ name: `${prefix}-${state.generation.toString(16).padStart(16, "0")}.pg`, sha256: "0".repeat(64), bytes: 0 });
  const manifest: Manifest = {
    formatVersion: INDEX_FORMAT_VERSION,
    model: { id: state.modelId ?? model.id, file: model.file, sha256: model.sha256 },
    dimensions: STORED_DIMENSIONS,
    hnsw,
    chunking: { chunkSize: state.chunkSize ?? DEFAULT_CHUNK_OPTIONS.chunkSize, chunkOverlap: state.chunkOverlap ?? DEFAULT_CHUNK_OPTIONS.chunkOverlap },
    embeddingRecipe: EMBEDDING_RECIPE,
    corpusDir: ".",
    counts: { documents: corpus.records.length, paragraphs: corpus.data.paragraphs.length, chunks: corpus.data.chunks.length, sentences: corpus.data.sentences.length },
    corpus: Object.fromEntries([...corpus.records, ...corpus.skipped].flatMap((record) => (record.sha256 ? [[record.relativePath, record.sha256]] : []))),
    documents: corpus.records,
    skipped: corpus.skipped,
    files: { passages: generationFile("passages"), hnsw: generationFile("hnsw"), sentenceVectors: generationFile("sentences"), embeddings: generationFile("embeddings") },
  };
  return { index: { manifest, passages, vectors, sentenceVectors }, generation: state.generation, pieces: corpus.pieces };
}
