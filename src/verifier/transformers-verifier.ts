import path from "node:path";
import { AutoModelForSequenceClassification, AutoTokenizer, env, type PreTrainedModel, type PreTrainedTokenizer } from "@xenova/transformers";
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
  let loading: Promise<{ tokenizer: PreTrainedTokenizer; model: PreTrainedModel }> | undefined;

  const load = () => {
    loading ??= (async () => {
      env.localModelPath = path.resolve(modelsDir) + path.sep;
      env.allowLocalModels = true;
      env.allowRemoteModels = allowRemoteModels;
      const [tokenizer, model] = await Promise.all([AutoTokenizer.from_pretrained(modelId), AutoModelForSequenceClassification.from_pretrained(modelId, { quantized: true })]);
      return { tokenizer, model };
    })();
    loading.catch(() => {
      loading = undefined;
    });
    return loading;
  };

  return {
    modelId,
    async load() {
      await load();
    },
    async score(pairs, { signal } = {}) {
      const { tokenizer, model } = await load();
      const scores: number[] = [];
      for (let offset = 0; offset < pairs.length; offset += batchSize) {
        signal?.throwIfAborted();
        const batch = pairs.slice(offset, offset + batchSize);
        const inputs = tokenizer(
          batch.map((pair) => pair.question),
          { text_pair: batch.map((pair) => pair.passage), padding: true, truncation: true, max_length: VERIFIER_MAX_TOKENS },
        );
        const { logits } = await model(inputs);
        for (const logit of logits.data as Float32Array) scores.push(sigmoid(logit));
      }
      return scores;
    },
    async dispose() {
      const loaded = await loading?.catch(() => undefined);
      loading = undefined;
      await loaded?.model.dispose();
    },
  };
}
