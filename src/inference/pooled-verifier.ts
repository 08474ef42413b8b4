import type { Verifier } from "../verifier/verifier.js";
import { currentSignal } from "./cancellation.js";
import type { InferencePool } from "./inference-pool.js";
import type { ModelSpec } from "./tasks.js";

/** At most this many pairs per worker task (each scored alone there), so one long answer check does not hold a worker for long. */
const MAX_PAIRS_PER_TASK = 16;

/**
 * The Verifier interface over the inference pool: the cross-encoder runs in a worker thread. As
 * with the embedder, the current request's signal drops its queued scoring when the client goes.
 */
export function createPooledVerifier(pool: InferencePool, model: Omit<ModelSpec, "kind" | "maxTokens">): Verifier & { readonly spec: ModelSpec; load(): Promise<void> } {
  const spec: ModelSpec = { kind: "verifier", ...model };
  return {
    modelId: model.modelId,
    spec,
    load: () => pool.warm({ type: "load", models: [spec] }),
    async score(pairs, { signal = currentSignal() } = {}) {
      // One question's pairs are spread over the workers so they score side by side (its latency,
      // not only throughput, is what a user waits for); each task is queued (and cancellable) on its own.
      const perTask = Math.min(MAX_PAIRS_PER_TASK, Math.max(1, Math.ceil(pairs.length / pool.threads)));
      const batches: (typeof pairs)[] = [];
      for (let offset = 0; offset < pairs.length; offset += perTask) batches.push(pairs.slice(offset, offset + perTask));
      const scores = await Promise.all(batches.map((batch) => pool.run({ type: "score", model: spec, pairs: batch }, { signal })));
      return scores.flat();
    },
    // The pool belongs to the runtime; it is destroyed with the runtime's embedder.
    async dispose() {},
  };
}
