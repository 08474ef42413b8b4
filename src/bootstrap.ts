import { createAssistant, type Assistant } from "./assistant.js";
import type { Config } from "./config.js";
import { createTransformersEmbedder } from "./embed/transformers-embedder.js";
import { createCachedEmbedder } from "./embed/cached-embedder.js";
import type { Embedder } from "./embed/embedder.js";
import { openIndex } from "./store/open-index.js";
import type { BuildProgress } from "./store/build-index.js";

export interface Runtime {
  assistant: Assistant;
  embedder: Embedder;
}

/** Loads the model and the index (rebuilding it first when allowed and needed) and wires the assistant. */
export async function loadRuntime(config: Config, options: { log?: (message: string) => void; onProgress?: (progress: BuildProgress) => void } = {}): Promise<Runtime> {
  const embedder = createTransformersEmbedder({ modelsDir: config.modelsDir, modelId: config.embeddingModel, allowRemoteModels: config.allowRemoteModels });
  // The model and the index load side by side: both are needed and neither needs the other.
  const [, index] = await Promise.all([
    embedder.load(),
    openIndex({
      corpusDir: config.corpusDir,
      indexDir: config.indexDir,
      modelsDir: config.modelsDir,
      modelId: config.embeddingModel,
      embedder,
      autoRebuild: config.autoRebuild,
      log: options.log,
      onProgress: options.onProgress,
    }),
  ]);
  // Repeated questions skip the model. Micro-batching concurrent questions was measured and gave
  // no throughput on 2 cores (padding to the longest question costs what batching saves), so
  // concurrent questions run side by side on onnxruntime's threads.
  const queryEmbedder = createCachedEmbedder(embedder);
  return { assistant: createAssistant({ index, embedder: queryEmbedder }), embedder };
}
