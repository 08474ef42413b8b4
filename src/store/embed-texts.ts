import type { Embedder } from "../embed/embedder.js";
import type { ModelFingerprint } from "../embed/model-fingerprint.js";
import { EmbeddingCache, embeddingKey } from "./embedding-cache.js";

export interface EmbedProgress {
  done: number;
  total: number;
  perSecond: number;
  /** Texts whose vectors came from the cache. */
  cached: number;
}

export interface EmbedTextsOptions {
  texts: string[];
  model: ModelFingerprint;
  embedder: Embedder;
  cache?: EmbeddingCache;
  batchSize: number;
  onProgress?: (progress: EmbedProgress) => void;
}

/**
 * Vectors for `texts`, from the cache where the key (recipe, model, text) is known and from the
 * model otherwise. Returns the cache of exactly the keys these texts use, ready to be written.
 */
export async function embedTexts(options: EmbedTextsOptions): Promise<{ vectors: Float32Array[]; cache: EmbeddingCache; embedded: number }> {
  const { texts, model, embedder, batchSize, onProgress } = options;
  const keys = texts.map((text) => embeddingKey(text, model));
  const known = options.cache;
  const missing = new Map<string, string>();
  keys.forEach((key, row) => {
    if (!known?.get(key) && !missing.has(key)) missing.set(key, texts[row] as string);
  });
  const uses = new Map<string, number>();
  for (const key of keys) uses.set(key, (uses.get(key) ?? 0) + 1);
  const cached = texts.length - [...missing.keys()].reduce((sum, key) => sum + (uses.get(key) ?? 0), 0);
  let covered = cached;
  const fresh = new Map<string, Float32Array>();
  const order = [...missing.entries()];
  const began = performance.now();
  onProgress?.({ done: cached, total: texts.length, perSecond: 0, cached });
  for (let offset = 0; offset < order.length; offset += batchSize) {
    const batch = order.slice(offset, offset + batchSize);
    const vectors = await embedder.embed(batch.map(([, text]) => text));
    batch.forEach(([key], position) => {
      fresh.set(key, vectors[position] as Float32Array);
      covered += uses.get(key) ?? 0;
    });
    const done = Math.min(offset + batchSize, order.length);
    const seconds = (performance.now() - began) / 1000;
    onProgress?.({ done: covered, total: texts.length, perSecond: done / Math.max(seconds, 1e-3), cached });
  }
  const vectors = keys.map((key) => fresh.get(key) ?? (known?.get(key) as Float32Array));
  const dimensions = vectors[0]?.length ?? known?.dimensions ?? 0;
  const cache = new EmbeddingCache(dimensions);
  keys.forEach((key, row) => cache.set(key, vectors[row] as Float32Array));
  return { vectors, cache, embedded: missing.size };
}
