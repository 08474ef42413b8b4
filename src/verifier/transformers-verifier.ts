import { AutoModelForSequenceClassification, AutoTokenizer } from "@xenova/transformers";
import { lazyLoad, useLocalModels } from "../embed/local-model.js";
import { encodePairs } from "./encode-pairs.js";
import type { Verifier } from "./verifier.js";

export interface TransformersVerifierOptions {
  /** Directory holding one folder per model, laid out as transformers.js expects. */
  modelsDir: string;
  modelId: string;
  allowRemoteModels?: boolean;
}

const sigmoid = (logit: number) => 1 / (1 + Math.exp(-logit));

/**
 * The cross-encoder through transformers.js: the question and the passage are one BERT pair, the
 * single logit is the answer score. Loads lazily; the promise is cached so concurrent first callers
 * share one load.
 *
 * Each pair runs alone, as the embedder's texts do: the model quantizes its activations with one
 * scale per run, so in a padded batch a pair's score depended on the pairs beside it, and a
 * question's answer on how many workers shared its pairs.
 */
export function createTransformersVerifier(options: TransformersVerifierOptions): Verifier & { load(): Promise<void> } {
  const { modelsDir, modelId, allowRemoteModels = false } = options;
  const model = lazyLoad(async () => {
    useLocalModels(modelsDir, allowRemoteModels);
    const [tokenizer, classifier] = await Promise.all([AutoTokenizer.from_pretrained(modelId), AutoModelForSequenceClassification.from_pretrained(modelId, { quantized: true })]);
    // The model's tokenizer_config.json says the pair length it was trained at
    // (scripts/train-verifier.py --max-tokens); its positions bound it.
    const maxTokens = tokenizer.model_max_length;
    if (!Number.isInteger(maxTokens) || maxTokens < 8 || maxTokens > classifier.config.max_position_embeddings) {
      throw new Error(`${modelId}: tokenizer_config.json model_max_length ${maxTokens} is not a pair length the model can read`);
    }
    return { tokenizer, classifier, maxTokens };
  });

  return {
    modelId,
    async load() {
      await model.get();
    },
    async score(pairs, { signal } = {}) {
      const { tokenizer, classifier, maxTokens } = await model.get();
      const scores: number[] = [];
      for (const pair of pairs) {
        signal?.throwIfAborted();
        const { logits } = await classifier(encodePairs(tokenizer, [pair], maxTokens));
        scores.push(sigmoid((logits.data as Float32Array)[0] as number));
      }
      return scores;
    },
    async dispose() {
      const loaded = await model.take()?.catch(() => undefined);
      await loaded?.classifier.dispose();
    },
  };
}
