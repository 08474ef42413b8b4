import type pg from "pg";
import { DEFAULT_CHUNK_OPTIONS } from "../../corpus/chunk.js";
import type { ModelFingerprint } from "../../embed/model-fingerprint.js";
import { readPreviousIndex } from "../previous-index.js";
import { DEFAULT_HNSW_PARAMS } from "../vector-index.js";
import { storeEmbeddings } from "./embedding-cache-table.js";

/**
 * Moving a file-store corpus into Postgres without model time: the file index's embedding cache
 * (same keys: recipe, model weights, text) is copied into the database's, so the folder import that
 * follows finds every unchanged text's vector there. Returns how many vectors were offered; 0 when
 * the folder has no index made with this model.
 */
export async function seedFromFileIndex(pool: pg.Pool, indexDir: string, model: ModelFingerprint): Promise<number> {
  const { cache } = await readPreviousIndex(indexDir, { model, chunking: DEFAULT_CHUNK_OPTIONS, hnsw: DEFAULT_HNSW_PARAMS });
  if (!cache) return 0;
  const entries = [...cache.entries()];
  await storeEmbeddings(pool, entries);
  return entries.length;
}
