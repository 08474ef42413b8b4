/**
 * Runs in each inference worker thread (loaded through worker-entry.mjs). Holds the models it has
 * been asked for, each loaded once per worker, and runs one task at a time: the main thread never
 * runs a model, so it stays free for HTTP, retrieval and answer assembly.
 */
import { workerData } from "node:worker_threads";
import { createTransformersEmbedder } from "../embed/transformers-embedder.js";
import type { Embedder } from "../embed/embedder.js";
import { createTransformersVerifier } from "../verifier/transformers-verifier.js";
import type { Verifier } from "../verifier/verifier.js";
import { limitOnnxThreads } from "./onnx-threads.js";
import { oneAtATime } from "./one-at-a-time.js";
import { modelKey, type InferenceTask, type ModelSpec } from "./tasks.js";

export interface WorkerSettings {
  /** ONNX intra-op threads in this worker (one per worker measured best on 2 cores). */
  intraOpThreads: number;
  /** One Int32 shared by the pool's workers: 1 while one of them runs a load task. */
  loading?: SharedArrayBuffer;
}

const settings = workerData as WorkerSettings | undefined;
limitOnnxThreads(settings?.intraOpThreads ?? 1);

/**
 * Load tasks run one worker at a time. Reading a model takes about half a second of a core; all
 * workers reading theirs at once took every core from the main thread while it loaded the index,
 * and made no worker ready sooner. In turn, the first worker holds every model early and a core
 * stays free for the main thread.
 */
const loadTurn = settings?.loading ? oneAtATime(settings.loading) : (load: () => Promise<void>) => load();

/** Loaded models of one kind, by spec; a failed load is forgotten so the next task tries again. */
function modelCache<Model extends { load(): Promise<void> }>(create: (spec: ModelSpec) => Model) {
  const models = new Map<string, Promise<Model>>();
  return (spec: ModelSpec): Promise<Model> => {
    const key = modelKey(spec);
    let model = models.get(key);
    if (!model) {
      const created = create(spec);
      model = created.load().then(() => created);
      model.catch(() => models.delete(key));
      models.set(key, model);
    }
    return model;
  };
}

// One cache per model kind: a new kind (a reranker) is one more cache, one ModelSpec kind and one task type.
const embedder = modelCache<Embedder & { load(): Promise<void> }>((spec) =>
  createTransformersEmbedder({ modelsDir: spec.modelsDir, modelId: spec.modelId, allowRemoteModels: spec.allowRemoteModels, maxTokens: spec.maxTokens }),
);
const verifier = modelCache<Verifier & { load(): Promise<void> }>((spec) =>
  createTransformersVerifier({ modelsDir: spec.modelsDir, modelId: spec.modelId, allowRemoteModels: spec.allowRemoteModels }),
);

export default async function runTask(task: InferenceTask): Promise<Float32Array[] | number[] | null> {
  switch (task.type) {
    case "load":
      await loadTurn(async () => {
        for (const model of task.models) await (model.kind === "embedder" ? embedder(model) : verifier(model));
      });
      return null;
    case "embed":
      return (await embedder(task.model)).embed(task.texts);
    case "score":
      return (await verifier(task.model)).score(task.pairs);
  }
}
