import { LRUCache } from "lru-cache";
import type { Embedder } from "./embedder.js";

/** A generous default: about 8,000 question vectors of all-MiniLM-L6-v2 (1.5 KiB each plus the question). */
export const DEFAULT_CACHE_BYTES = 16 * 1024 * 1024;

/** What one entry costs: the vector, the key (UTF-16) and the cache's own bookkeeping, roughly. */
function entryBytes(vector: Float32Array, text: string): number {
  return vector.byteLength + text.length * 2 + 64;
}

export interface CachedEmbedder extends Embedder {
  /** Entries held. */
  readonly size: number;
  /** Bytes held, as counted by entryBytes. */
  readonly bytes: number;
  readonly hits: number;
  readonly misses: number;
}

/**
 * Remembers the vectors of the most recent distinct texts (least recently used goes first), so a
 * repeated question skips the model. Bounded in bytes, not entries: a key can be a long question
 * with its follow-up context, and a count bound let such keys hold hundreds of MiB. `maxBytes` 0
 * turns the cache off.
 */
export function createCachedEmbedder(inner: Embedder, { maxBytes = DEFAULT_CACHE_BYTES } = {}): CachedEmbedder {
  const cache = maxBytes > 0 ? new LRUCache<string, Float32Array>({ maxSize: maxBytes, sizeCalculation: entryBytes }) : undefined;
  const stats = { hits: 0, misses: 0 };
  return {
    modelId: inner.modelId,
    get size() {
      return cache?.size ?? 0;
    },
    get bytes() {
      return cache?.calculatedSize ?? 0;
    },
    get hits() {
      return stats.hits;
    },
    get misses() {
      return stats.misses;
    },
    async embed(texts, options) {
      const found = new Map<string, Float32Array>();
      for (const text of texts) {
        // get() marks the entry as most recently used.
        const vector = cache?.get(text);
        if (vector) found.set(text, vector);
      }
      const missing = [...new Set(texts.filter((text) => !found.has(text)))];
      // A text repeated within one call is embedded once; its repeats count as hits.
      stats.hits += texts.length - missing.length;
      stats.misses += missing.length;
      if (missing.length > 0) {
        const vectors = await inner.embed(missing, options);
        missing.forEach((text, index) => {
          const vector = vectors[index] as Float32Array;
          found.set(text, vector);
          cache?.set(text, vector);
        });
      }
      return texts.map((text) => found.get(text) as Float32Array);
    },
    dispose: () => inner.dispose(),
  };
}
