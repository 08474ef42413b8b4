import type { Embedder } from "./embedder.js";

/**
 * Remembers the vectors of the most recent distinct texts (least recently used goes first), so a
 * repeated question skips the model. Bounded by entry count: each vector is a few KiB.
 */
export function createCachedEmbedder(inner: Embedder, { maxEntries = 1_000 } = {}): Embedder & { readonly size: number; hits: number; misses: number } {
  const cache = new Map<string, Float32Array>();
  const stats = { hits: 0, misses: 0 };
  return {
    modelId: inner.modelId,
    get size() {
      return cache.size;
    },
    get hits() {
      return stats.hits;
    },
    get misses() {
      return stats.misses;
    },
    async embed(texts) {
      const missing = [...new Set(texts.filter((text) => !cache.has(text)))];
      stats.hits += texts.length - missing.length;
      stats.misses += missing.length;
      if (missing.length > 0) {
        const vectors = await inner.embed(missing);
        missing.forEach((text, index) => cache.set(text, vectors[index] as Float32Array));
        while (cache.size > maxEntries) cache.delete(cache.keys().next().value as string);
      }
      return texts.map((text) => {
        const vector = cache.get(text) as Float32Array;
        // Re-inserting marks the entry as most recently used.
        cache.delete(text);
        cache.set(text, vector);
        return vector;
      });
    },
    dispose: () => inner.dispose(),
  };
}
