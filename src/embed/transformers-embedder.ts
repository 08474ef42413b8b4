import { pipeline, type FeatureExtractionPipeline } from "@xenova/transformers";
import { lazyLoad, useLocalModels } from "./local-model.js";
import { meanPoolNormalized } from "./mean-pool.js";
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
 * The pipeline's tokenizer and model run as the pipeline runs them; the pooling is ours (mean-pool.ts).
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
        const inputs = extractor.tokenizer(batch, { padding: true, truncation: true });
        const { last_hidden_state: hidden } = await extractor.model(inputs);
        vectors.push(...meanPoolNormalized(hidden.data as Float32Array, hidden.dims, inputs.attention_mask.data as BigInt64Array));
      }
      return vectors;
    },
    async dispose() {
      const extractor = await model.take()?.catch(() => undefined);
      await extractor?.dispose();
    },
  };
}
