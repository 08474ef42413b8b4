import { Tensor } from "@xenova/transformers";

/** What encodePairs needs of a transformers.js tokenizer. */
export interface PairTokenizer {
  encode(text: string, textPair?: string | null, options?: { add_special_tokens?: boolean }): number[];
  pad_token_id: number;
}

/** The model inputs for a batch of pairs, padded to the longest. */
export interface EncodedPairs {
  input_ids: Tensor;
  attention_mask: Tensor;
  token_type_ids: Tensor;
}

/**
 * Tokenizes (question, passage) pairs as the verifier was trained on them: `[CLS] question [SEP]
 * passage [SEP]`, the passage cut at its end so the pair fits `maxTokens` (Hugging Face's
 * "only_second" truncation, which training used). transformers.js instead cuts the joined tokens,
 * which drops a long pair's closing [SEP], and which would cut a long question into the passage's
 * place, leaving every candidate the same input. A question keeps at most half the pair here:
 * training never saw longer ones (Hugging Face refuses to cut them).
 */
export function encodePairs(tokenizer: PairTokenizer, pairs: readonly { question: string; passage: string }[], maxTokens: number): EncodedPairs {
  const rows = pairs.map(({ question, passage }) => {
    const [cls = 0, ...questionIds] = tokenizer.encode(question);
    const separator = questionIds.pop() as number;
    const kept = questionIds.slice(0, Math.floor(maxTokens / 2) - 2);
    const passageIds = tokenizer.encode(passage, null, { add_special_tokens: false }).slice(0, Math.max(0, maxTokens - kept.length - 3));
    return { ids: [cls, ...kept, separator, ...passageIds, separator], firstSegment: kept.length + 2 };
  });
  const width = Math.max(0, ...rows.map((row) => row.ids.length));
  const ids = new BigInt64Array(rows.length * width).fill(BigInt(tokenizer.pad_token_id));
  const mask = new BigInt64Array(rows.length * width);
  const types = new BigInt64Array(rows.length * width);
  rows.forEach((row, r) => {
    row.ids.forEach((id, i) => {
      ids[r * width + i] = BigInt(id);
      mask[r * width + i] = 1n;
      types[r * width + i] = i < row.firstSegment ? 0n : 1n;
    });
  });
  const dims = [rows.length, width];
  return { input_ids: new Tensor("int64", ids, dims), attention_mask: new Tensor("int64", mask, dims), token_type_ids: new Tensor("int64", types, dims) };
}
