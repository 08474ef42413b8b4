import { AutoModelForSequenceClassification, AutoTokenizer } from "@xenova/transformers";
import { lazyLoad, useLocalModels } from "../embed/local-model.js";
import type { Verifier } from "./verifier.js";
import { VERIFIER_MAX_TOKENS } from "./verifier-input.js";

export interface TransformersVerifierOptions {
  /** Directory holding one folder per model, laid out as transformers.js expects. */
  modelsDir: string;
  modelId: string;
  allowRemoteModels?: boolean;
  batchSize?: number;
}

const sigmoid = (logit: number) => 1 / (1 + Math.exp(-logit));

/**
 * The cross-encoder through transformers.js: the question and the passage are one BERT pair, the
 * single logit is the answer score. Loads lazily; the promise is cached so concurrent first callers
 * share one load.
 */
export function createTransformersVerifier(options: TransformersVerifierOptions): Verifier & { load(): Promise<void> } {
  const { modelsDir, modelId, allowRemoteModels = false, batchSize = 32 } = options;
  const model = lazyLoad(async () => {
    useLocalModels(modelsDir, allowRemoteModels);
    const [tokenizer, classifier] = await Promise.all([AutoTokenizer.from_pretrained(modelId), AutoModelForSequenceClassification.from_pretrained(modelId, { quantized: true })]);
    // Truncation reads model_max_length. Passing max_length to the call instead would also pad
    // every pair to it (transformers.js 2.17), doubling the work for typical 60-token pairs.
    tokenizer.model_max_length = VERIFIER_MAX_TOKENS;
    return { tokenizer, classifier };
  });

  return {
    modelId,
    async load() {
      await model.get();
    },
    async score(pairs, { signal } = {}) {
      const { tokenizer, classifier } = await model.get();
      const scores: number[] = [];
      for (let offset = 0; offset < pairs.length; offset += batchSize) {
        signal?.throwIfAborted();
        const batch = pairs.slice(offset, offset + batchSize);
        const inputs = tokenizer(
          batch.map((pair) => pair.question),
          { text_pair: batch.map((pair) => pair.passage), padding: true, truncation: true },
        );
        const { logits } = await classifier(inputs);
        for (const logit of logits.data as Float32Array) scores.push(sigmoid(logit));
      }
      return scores;
    },
    async dispose() {
      const loaded = await model.take()?.catch(() => undefined);
      await loaded?.classifier.dispose();
    },
  };
}
