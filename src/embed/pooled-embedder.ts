import type { InferencePool } from "../inference/inference-pool.js";
import { currentSignal } from "../inference/cancellation.js";
import type { ModelSpec } from "../inference/tasks.js";
import type { Embedder } from "./embedder.js";

/** Texts per worker task (each runs alone in the worker): an index build is cut into tasks, so queries interleave with it. */
const TEXTS_PER_TASK = 32;

export interface PooledEmbedderOptions {
  /**
   * Bounded embedders (the query path) are refused when the pool's queue is full; an unbounded one
   * (the index build, which must finish) waits its turn.
   */
  bounded?: boolean;
  /** Disposing this embedder destroys the pool (the runtime's main embedder owns it). */
  ownsPool?: boolean;
}

/**
 * The Embedder interface over the inference pool: the model runs in a worker thread, never on the
 * event loop. Without an explicit signal, the current request's (see cancellation.ts) is used, so a
 * client that goes away or a request that times out drops its queued embedding.
 */
export function createPooledEmbedder(pool: InferencePool, model: Omit<ModelSpec, "kind">, { bounded = true, ownsPool = false }: PooledEmbedderOptions = {}): Embedder & { readonly spec: ModelSpec; load(): Promise<void> } {
  const spec: ModelSpec = { kind: "embedder", ...model };
  return {
    modelId: model.modelId,
    spec,
    load: () => pool.warm({ type: "load", models: [spec] }),
    async embed(texts, { signal = currentSignal() } = {}) {
      const vectors: Float32Array[] = [];
      // Batches go one after another: a long build occupies one worker at a time, leaving the others to queries.
      for (let offset = 0; offset < texts.length; offset += TEXTS_PER_TASK) {
        vectors.push(...(await pool.run({ type: "embed", model: spec, texts: texts.slice(offset, offset + TEXTS_PER_TASK) }, { signal, bounded })));
      }
      return vectors;
    },
    async dispose() {
      if (ownsPool) await pool.destroy();
    },
  };
}
