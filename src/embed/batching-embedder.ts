import type { Embedder } from "./embedder.js";

interface Pending {
  texts: string[];
  resolve: (vectors: Float32Array[]) => void;
  reject: (error: unknown) => void;
}

/**
 * Micro-batching: calls that arrive while the model is busy are queued and sent as one batch when
 * it is free, so concurrent questions share model runs instead of waiting in line one by one.
 */
export function createBatchingEmbedder(inner: Embedder, { maxBatch = 32 } = {}): Embedder & { readonly batches: number } {
  const queue: Pending[] = [];
  let running = false;
  let batches = 0;

  const drain = async () => {
    running = true;
    while (queue.length > 0) {
      const taken: Pending[] = [];
      let size = 0;
      while (queue.length > 0 && (taken.length === 0 || size + (queue[0] as Pending).texts.length <= maxBatch)) {
        const next = queue.shift() as Pending;
        taken.push(next);
        size += next.texts.length;
      }
      batches++;
      try {
        const vectors = await inner.embed(taken.flatMap((pending) => pending.texts));
        let offset = 0;
        for (const pending of taken) {
          pending.resolve(vectors.slice(offset, offset + pending.texts.length));
          offset += pending.texts.length;
        }
      } catch (error) {
        for (const pending of taken) pending.reject(error);
      }
    }
    running = false;
  };

  return {
    modelId: inner.modelId,
    get batches() {
      return batches;
    },
    embed(texts) {
      if (texts.length === 0) return Promise.resolve([]);
      return new Promise((resolve, reject) => {
        queue.push({ texts, resolve, reject });
        // The first caller starts the model at once; callers arriving meanwhile form the next batch.
        if (!running) void drain();
      });
    },
    dispose: () => inner.dispose(),
  };
}
