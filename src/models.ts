import type { Config } from "./config.js";
import { createCachedEmbedder } from "./embed/cached-embedder.js";
import type { Embedder } from "./embed/embedder.js";
import { createPooledEmbedder } from "./embed/pooled-embedder.js";
import { createInferencePool, type InferencePool } from "./inference/inference-pool.js";
import { createPooledVerifier } from "./inference/pooled-verifier.js";
import type { ModelSpec } from "./inference/tasks.js";
import { MAX_EMBED_TOKENS } from "./limits.js";
import type { Verifier } from "./verifier/verifier.js";

/** The models a runtime answers and indexes with, all running in one pool of worker threads. */
export interface Models {
  /** Worker threads that run every model (admission control reads whether its queue is full). */
  pool: InferencePool;
  /** The index build's embedder: waits its turn in the pool; disposing it ends the pool. */
  embedder: Embedder & { readonly spec: ModelSpec; load(): Promise<void> };
  /** The question embedder: refused (503) when the pool's queue is full; repeated questions skip the model. */
  queryEmbedder: Embedder;
  verifier?: Verifier & { readonly spec: ModelSpec; load(): Promise<void> };
  /** Settles once every worker holds every model; rejects with the first load failure. */
  loaded: Promise<void>;
}

/**
 * Starts the inference workers and has each load the models at once. This module imports none of
 * the server, so `main.ts` calls it before loading the rest: the workers read the models (about
 * 1 s of CPU each) while the main thread loads its modules and the index.
 */
export function createModels(config: Config): Models {
  const { serving } = config;
  const pool = createInferencePool({ threads: serving.inferenceThreads, intraOpThreads: serving.threadsPerWorker, maxQueue: serving.inferenceQueue });
  const embedderModel = { modelsDir: config.modelsDir, modelId: config.embeddingModel, allowRemoteModels: config.allowRemoteModels, maxTokens: MAX_EMBED_TOKENS };
  const embedder = createPooledEmbedder(pool, embedderModel, { bounded: false, ownsPool: true });
  const verifier =
    config.answerMode === "verifier" ? createPooledVerifier(pool, { modelsDir: config.modelsDir, modelId: config.verifierModel, allowRemoteModels: config.allowRemoteModels }) : undefined;
  // Micro-batching concurrent questions was measured and gave no throughput on 2 cores (padding to
  // the longest question costs what batching saves), so concurrent questions run side by side, one per worker.
  const queryEmbedder = createCachedEmbedder(createPooledEmbedder(pool, embedderModel), { maxBytes: serving.queryCacheBytes });
  // Each worker loads every model in one task, so the first one holds them all early (inference-worker.ts).
  const loaded = pool.warm({ type: "load", models: [embedder.spec, ...(verifier ? [verifier.spec] : [])] });
  loaded.catch(() => {}); // a failure shows up in the first question or update that needs the model, and where the caller awaits it
  return { pool, embedder, queryEmbedder, ...(verifier ? { verifier } : {}), loaded };
}

/**
 * Exits with `code` once no worker is inside a model, or after `forceAfterMs` whatever they do. A
 * process that exits while a worker loads or runs a model can abort instead ("terminate called after
 * throwing an instance of 'Napi::Error'", seen in CI when a port was taken during the models' load).
 * The pool's destroy lets running tasks finish and refuses the queued ones.
 */
export async function exitOnceModelsStop(models: Models, code: number, forceAfterMs: number): Promise<never> {
  process.exitCode = code;
  setTimeout(() => process.exit(code), forceAfterMs);
  await models.pool.destroy().catch(() => {});
  process.exit(code);
}
