import { AutoModelForSequenceClassification, AutoTokenizer } from "@xenova/transformers";
import { lazyLoad, useLocalModels } from "../embed/local-model.js";
import type { Verifier } from "./verifier.js";

export interface TransformersVerifierOptions {
  /** Directory holding one folder per model, laid out as transformers.js expects. */
  modelsDir: string;
  modelId: string;
  allowRemoteModels?: boolean;
  batchSize?: number;
}

const sigmoid = (logit: number) => 1 / (1 + Math.exp(-logit));

interface PairTensors {
  input_ids: { data: BigInt64Array; dims: number[] };
  token_type_ids: { data: BigInt64Array };
  attention_mask: { data: BigInt64Array };
}

/**
 * transformers.js truncates a pair by cutting the joined tokens at the maximum, so a cut pair loses
 * its closing [SEP]; the model was trained on pairs cut as Hugging Face cuts them ("only_second":
 * passage tokens go, the [SEP] stays). Ending each cut row with [SEP] gives it that shape again.
 * Exported for its test.
 */
export function closeTruncatedPairs(inputs: PairTensors, maxTokens: number, separatorId: number): void {
  const [rows = 0, width = 0] = inputs.input_ids.dims;
  if (width < maxTokens) return;
  const separator = BigInt(separatorId);
  for (let row = 0; row < rows; row++) {
    const last = row * width + width - 1;
    // A row shorter than the widest one ends in padding, not in a cut passage.
    if (inputs.attention_mask.data[last] === 0n || inputs.input_ids.data[last] === separator) continue;
    inputs.input_ids.data[last] = separator;
    inputs.token_type_ids.data[last] = 1n;
  }
}

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
    // Truncation reads model_max_length, which the model's tokenizer_config.json sets to the length
    // it was trained at (scripts/train-verifier.py --max-tokens). Passing max_length to the call
    // instead would also pad every pair to it (transformers.js 2.17).
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
        closeTruncatedPairs(inputs, tokenizer.model_max_length, tokenizer.sep_token_id);
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
