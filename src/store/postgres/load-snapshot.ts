import type pg from "pg";
import type { ModelFingerprint } from "../../embed/model-fingerprint.js";
import type { LoadedIndex } from "../load-index.js";
import { PassageStore } from "../passage-store.js";
import { DEFAULT_HNSW_PARAMS, VectorIndex, type HnswParams } from "../vector-index.js";
import { readCorpus, readState, type DocumentPieces } from "./corpus-rows.js";
import { assertUsable, databaseManifest } from "./database-manifest.js";
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
  assertUsable(state, corpus.records.length, model);
  const passages = new PassageStore(corpus.data);
  const chunkVectors = corpus.chunkVectors ?? [];
  const sentenceRows = corpus.sentenceVectors ?? [];
  const vectors = VectorIndex.build(chunkVectors, STORED_DIMENSIONS, hnsw);
  const sentenceVectors = new Float32Array(sentenceRows.length * STORED_DIMENSIONS);
  sentenceRows.forEach((vector, row) => sentenceVectors.set(vector, row * STORED_DIMENSIONS));
  const manifest = databaseManifest({ state, records: corpus.records, skipped: corpus.skipped, model, hnsw });
  return { index: { manifest, passages, vectors, sentenceVectors }, generation: state.generation, pieces: corpus.pieces };
}
