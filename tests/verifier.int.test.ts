import path from "node:path";
import { AutoTokenizer, env } from "@xenova/transformers";
import { describe, expect, it } from "vitest";
import { closeTruncatedPairs, createTransformersVerifier } from "../src/verifier/transformers-verifier.js";
import { verifierPassage } from "../src/verifier/verifier-input.js";

const modelsDir = path.resolve(import.meta.dirname, "../models");

describe("the answer verifier (the real trained model)", () => {
  it("reads pairs up to the length it was trained at, and ends a cut pair with [SEP] as training did, and leaves short and padded rows alone", async () => {
    env.localModelPath = modelsDir + path.sep;
    env.allowRemoteModels = false;
    const tokenizer = await AutoTokenizer.from_pretrained("answer-verifier");
    const question = "Who founded the city?";
    const long = "The city was founded by settlers from the coast. ".repeat(20);
    const maxTokens = tokenizer.model_max_length;
    expect(maxTokens).toBeLessThan(512);
    const full = tokenizer(question, { text_pair: long, truncation: false }).input_ids.data as BigInt64Array;
    expect(full.length).toBeGreaterThan(maxTokens);
    const inputs = tokenizer([question, question], { text_pair: [long, "A short one."], padding: true, truncation: true });
    const width = inputs.input_ids.dims[1] as number;
    expect(width).toBe(maxTokens);
    const shortRow = Array.from(inputs.input_ids.data.slice(width) as BigInt64Array);
    closeTruncatedPairs(inputs, maxTokens, tokenizer.sep_token_id);
    const cut = Array.from(inputs.input_ids.data.slice(0, width) as BigInt64Array);
    expect(cut).toEqual([...Array.from(full.slice(0, width - 1)), BigInt(tokenizer.sep_token_id)]);
    expect(inputs.token_type_ids.data[width - 1]).toBe(1n);
    expect(Array.from(inputs.input_ids.data.slice(width) as BigInt64Array)).toEqual(shortRow);
  });

  it("scores the sentence that answers above sentences of the same paragraph that do not", async () => {
    const verifier = createTransformersVerifier({ modelsDir, modelId: "answer-verifier" });
    try {
      const title = "Harbour town";
      const question = "In what year was the lighthouse built?";
      const sentences = ["The harbour is home to a fishing fleet of forty boats.", "The lighthouse was built in 1871 to guide ships past the reef.", "Tourists visit the market on Saturdays."];
      const scores = await verifier.score(sentences.map((sentence, i) => ({ question, passage: verifierPassage(sentence, { title, previous: sentences[i - 1] }) })));
      expect(scores).toHaveLength(3);
      for (const score of scores) expect(score).toBeGreaterThan(0), expect(score).toBeLessThan(1);
      expect(scores[1]).toBeGreaterThan(Math.max(scores[0] as number, scores[2] as number));
    } finally {
      await verifier.dispose();
    }
  }, 60_000);
});
