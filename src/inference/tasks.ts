import type { VerifierPair } from "../verifier/verifier.js";

/**
 * What the main thread sends to an inference worker. Everything is plain data (structured clone):
 * a worker loads the model a spec names the first time it sees it, and keeps it.
 */
export interface ModelSpec {
  /** Which kind of model; each kind has one loader in the worker (see inference-worker.ts). */
  kind: "embedder" | "verifier";
  /** Directory holding one folder per model, laid out as transformers.js expects. */
  modelsDir: string;
  modelId: string;
  allowRemoteModels: boolean;
  /** Word pieces read from one text; the rest is cut (embedder only: the verifier has its own bound). */
  maxTokens?: number;
}

export type InferenceTask =
  /** Loads the models now, in this order, so the first request does not pay for them. */
  | { type: "load"; models: ModelSpec[] }
  | { type: "embed"; model: ModelSpec; texts: string[] }
  | { type: "score"; model: ModelSpec; pairs: VerifierPair[] };

export type InferenceResult<Task extends InferenceTask> = Task extends { type: "embed" } ? Float32Array[] : Task extends { type: "score" } ? number[] : null;

/** One key per distinct model a worker may hold. */
export function modelKey(model: ModelSpec): string {
  return JSON.stringify([model.kind, model.modelsDir, model.modelId, model.allowRemoteModels, model.maxTokens ?? null]);
}
