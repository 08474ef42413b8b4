import { pipeline, type FeatureExtractionPipeline } from "@xenova/transformers";
import { lazyLoad, useLocalModels } from "./local-model.js";
import type { Embedder } from "./embedder.js";

export interface TransformersEmbedderOptions {
  /** Directory holding one folder per model, laid out as transformers.js expects. */
  modelsDir: string;
  modelId: string;
  /** Fetching from a model hub is off unless explicitly allowed: the product runs offline. */
  allowRemoteModels?: boolean;
  batchSize?: number;
  /** Word pieces read from one text; the rest is cut (default: the tokenizer's own maximum). */
  maxTokens?: number;
}

/**
 * Sentence embeddings with transformers.js: mean pooling over token embeddings, L2-normalised.
 * The pipeline loads on first use; the promise is cached so concurrent first callers share one load.
 */
export function createTransformersEmbedder(options: TransformersEmbedderOptions): Embedder & { load(): Promise<void> } {
  const { modelsDir, modelId, allowRemoteModels = false, batchSize = 32, maxTokens } = options;
  const model = lazyLoad(async () => {
    useLocalModels(modelsDir, allowRemoteModels);
    const extractor = (await pipeline("feature-extraction", modelId, { quantized: true })) as FeatureExtractionPipeline;
    // The pipeline truncates every text to the tokenizer's model_max_length; lowering it bounds
    // the tokens one text can cost.
    if (maxTokens !== undefined) extractor.tokenizer.model_max_length = Math.min(extractor.tokenizer.model_max_length, maxTokens);
    return extractor;
  });
  const load = () => model.get();

  return {
    modelId,
    async load() {
      await load();
    },
    async embed(texts, { signal } = {}) {
      const extractor = await load();
      const vectors: Float32Array[] = [];
      for (let offset = 0; offset < texts.length; offset += batchSize) {
        signal?.throwIfAborted();
        const batch = texts.slice(offset, offset + batchSize);
        const output = await extractor(batch, { pooling: "mean", normalize: true });
        const [rows, dimensions] = output.dims as [number, number];
        const data = output.data as Float32Array;
        for (let row = 0; row < rows; row++) vectors.push(data.slice(row * dimensions, (row + 1) * dimensions));
      }
      return vectors;
    },
    async dispose() {
      const extractor = await model.take()?.catch(() => undefined);
      await extractor?.dispose();
    },
  };
}
