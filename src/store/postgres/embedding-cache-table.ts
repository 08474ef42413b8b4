import type pg from "pg";
import { EmbeddingCache } from "../embedding-cache.js";
import { vectorFromSql, vectorToSql } from "./vector-text.js";

type Queryable = Pick<pg.Pool | pg.PoolClient, "query">;

/**
 * The vectors the database already holds for `keys` (embeddingKey: recipe, model weights, text),
 * as the EmbeddingCache that embedTexts reads. The table is shared by every server and import.
 */
export async function lookupEmbeddings(database: Queryable, keys: string[], dimensions: number): Promise<EmbeddingCache> {
  const cache = new EmbeddingCache(dimensions);
  const unique = [...new Set(keys)];
  for (let offset = 0; offset < unique.length; offset += 1_000) {
    const { rows } = await database.query<{ key: string; embedding: string }>("SELECT key, embedding::text AS embedding FROM embedding_cache WHERE key = ANY($1::text[])", [unique.slice(offset, offset + 1_000)]);
    for (const row of rows) cache.set(row.key, vectorFromSql(row.embedding));
  }
  return cache;
}

/** Adds vectors to the shared cache; a key another import stored meanwhile keeps its (equal) vector. */
export async function storeEmbeddings(database: Queryable, entries: Array<[key: string, vector: Float32Array]>): Promise<void> {
  for (let offset = 0; offset < entries.length; offset += 500) {
    const batch = entries.slice(offset, offset + 500);
    await database.query("INSERT INTO embedding_cache (key, embedding) SELECT key, embedding::vector FROM unnest($1::text[], $2::text[]) AS t(key, embedding) ON CONFLICT (key) DO NOTHING", [
      batch.map(([key]) => key),
      batch.map(([, vector]) => vectorToSql(vector)),
    ]);
  }
}
