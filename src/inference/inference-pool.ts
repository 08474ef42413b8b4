import os from "node:os";
import { Piscina } from "piscina";
import { AdmissionQueue, type RunOptions } from "./admission-queue.js";
import type { WorkerSettings } from "./inference-worker.js";
import { turnMemory } from "./one-at-a-time.js";
import type { InferenceResult, InferenceTask } from "./tasks.js";

export interface InferencePoolOptions {
  /** Worker threads; default one per core. */
  threads?: number;
  /** ONNX intra-op threads per worker; default 1 (measured best on 2 cores, see onnx-threads.ts). */
  intraOpThreads?: number;
  /** Tasks that may wait for a free worker before requests are refused with 503. */
  maxQueue?: number;
}

/** Every model runs here: a fixed set of worker threads, each holding its own copy of the models. */
export interface InferencePool {
  readonly threads: number;
  /** True when a request's inference would be refused now (admission control answers 503). */
  readonly full: boolean;
  readonly queued: number;
  readonly active: number;
  /** Tasks the workers have finished since the start. */
  readonly completed: number;
  run<Task extends InferenceTask>(task: Task, options?: RunOptions): Promise<InferenceResult<Task>>;
  /** Loads models in every worker (one worker at a time), so no request pays for a load. */
  warm(task: Extract<InferenceTask, { type: "load" }>): Promise<void>;
  destroy(): Promise<void>;
}

export const DEFAULT_MAX_QUEUE = 64;

export function defaultThreadCount(): number {
  return Math.max(1, os.availableParallelism());
}

export function createInferencePool({ threads = defaultThreadCount(), intraOpThreads = 1, maxQueue = DEFAULT_MAX_QUEUE }: InferencePoolOptions = {}): InferencePool {
  const workerData: WorkerSettings = { intraOpThreads, loading: turnMemory() };
  // The workers' thread limit reaches onnxruntime through the model's metadata, which it reads only
  // with this variable in the process environment; a worker's process.env is a private copy, so the
  // main thread sets it before any worker starts (see onnx-threads.ts).
  process.env.ORT_LOAD_CONFIG_FROM_MODEL = "1";
  const piscina = new Piscina({
    filename: new URL("./worker-entry.mjs", import.meta.url).href,
    minThreads: threads,
    maxThreads: threads,
    // Workers hold loaded models: they live as long as the pool.
    idleTimeout: Number.POSITIVE_INFINITY,
    concurrentTasksPerWorker: 1,
    workerData,
    // The parent's loader flags (tsx, the bench's monitor) are not the worker's business: worker-entry.mjs registers tsx itself.
    execArgv: [],
  });
  const queue = new AdmissionQueue<InferenceTask, unknown>((task) => piscina.run(task), { capacity: threads, maxQueue });
  let destroyed: Promise<void> | undefined;

  return {
    threads,
    get full() {
      return queue.full;
    },
    get queued() {
      return queue.queued;
    },
    get active() {
      return queue.active;
    },
    get completed() {
      return piscina.completed;
    },
    run: (task, options) => queue.run(task, options) as Promise<InferenceResult<typeof task>>,
    async warm(task) {
      // With one task per worker at a time, `threads` concurrent loads reach every worker.
      await Promise.all(Array.from({ length: threads }, () => queue.run(task, { bounded: false })));
    },
    destroy() {
      destroyed ??= (async () => {
        queue.close(new Error("the inference pool is shutting down"));
        // A worker terminated in the middle of an ONNX run takes the process down with it
        // (onnxruntime-node calls back into a dead thread), so running tasks finish first.
        await queue.idle();
        await piscina.destroy();
      })();
      return destroyed;
    },
  };
}
