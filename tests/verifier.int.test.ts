import { cp, mkdtemp, readFile, rm, symlink, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { AutoTokenizer } from "@xenova/transformers";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { useLocalModels } from "../src/embed/local-model.js";
import { encodePairs } from "../src/verifier/encode-pairs.js";
import { createTransformersVerifier } from "../src/verifier/transformers-verifier.js";
import { verifierPassage } from "../src/verifier/verifier-input.js";

const modelsDir = path.resolve(import.meta.dirname, "../models");
const row = (tensor: { data: unknown; dims: number[] }, r: number) => Array.from((tensor.data as BigInt64Array).slice(r * (tensor.dims[1] as number), (r + 1) * (tensor.dims[1] as number)));

describe("the answer verifier's pairs and the real trained model", () => {
  let tokenizer: any;
  beforeAll(async () => {
    useLocalModels(modelsDir, false);
    tokenizer = await AutoTokenizer.from_pretrained("answer-verifier");
  });

  it("encodes a pair that fits as the tokenizer does, and pads a batch to its longest pair", () => {
    const question = "Who founded the city?";
    const passage = "The city was founded by settlers from the coast. | Harbour town.";
    const own = tokenizer(question, { text_pair: passage });
    const inputs = encodePairs(tokenizer, [{ question, passage }, { question, passage: "Short." }], tokenizer.model_max_length);
    expect(row(inputs.input_ids, 0)).toEqual(Array.from(own.input_ids.data));
    expect(row(inputs.token_type_ids, 0)).toEqual(Array.from(own.token_type_ids.data));
    expect(row(inputs.attention_mask, 0).every((value) => value === 1n)).toBe(true);
    const short = tokenizer(question, { text_pair: "Short." }).input_ids.data.length;
    expect(row(inputs.attention_mask, 1)).toEqual([...Array(short).fill(1n), ...Array(own.input_ids.data.length - short).fill(0n)]);
    expect(row(inputs.input_ids, 1).slice(short).every((id) => id === BigInt(tokenizer.pad_token_id))).toBe(true);
  });

  it("cuts a long passage at its end and keeps the closing [SEP], as training cut pairs", () => {
    const maxTokens = tokenizer.model_max_length;
    const question = "Who founded the city?";
    const passage = "The city was founded by settlers from the coast. ".repeat(20);
    const full = Array.from(tokenizer(question, { text_pair: passage }).input_ids.data as BigInt64Array);
    expect(full.length).toBeGreaterThan(maxTokens);
    const inputs = encodePairs(tokenizer, [{ question, passage }], maxTokens);
    expect(row(inputs.input_ids, 0)).toEqual([...full.slice(0, maxTokens - 1), BigInt(tokenizer.sep_token_id)]);
  });

  it("keeps the passage when the question alone is longer than a pair", () => {
    const maxTokens = tokenizer.model_max_length;
    const question = `Which ${"very ".repeat(maxTokens)}old city was founded first?`;
    const inputs = encodePairs(tokenizer, [{ question, passage: "Lisbon was founded first." }], maxTokens);
    const ids = row(inputs.input_ids, 0);
    const types = row(inputs.token_type_ids, 0);
    const passageIds = (tokenizer.encode("Lisbon was founded first.", null, { add_special_tokens: false }) as number[]).map(BigInt);
    // [CLS], the question cut to half the pair, [SEP]; then the whole passage and [SEP].
    expect(types.filter((type) => type === 0n)).toHaveLength(maxTokens / 2);
    expect(ids.slice(maxTokens / 2)).toEqual([...passageIds, BigInt(tokenizer.sep_token_id)]);
  });

  it("scores a cut pair as Python's onnxruntime does on the pair Hugging Face cuts (0.52363 with the shipped file)", async () => {
    // Reference: the same ONNX file in Python onnxruntime 1.32, the pair tokenized by Hugging Face
    // transformers with truncation="only_second" at the model's length. onnxruntime-node 1.14 gives
    // 0.52389 (its int8 kernels round a little differently); the pair cut without its closing
    // [SEP], as transformers.js cut it, scores 0.51617.
    const verifier = createTransformersVerifier({ modelsDir, modelId: "answer-verifier" });
    try {
      const [score] = await verifier.score([{ question: "Who founded the city?", passage: "The city was founded by settlers from the coast. ".repeat(12) }]);
      expect(score).toBeCloseTo(0.52363, 2);
    } finally {
      await verifier.dispose();
    }
  }, 60_000);

  it("scores the sentence that answers above the sentences of its paragraph that do not follow it", async () => {
    const verifier = createTransformersVerifier({ modelsDir, modelId: "answer-verifier" });
    const title = "Harbour town";
    const question = "In what year was the lighthouse built?";
    const answer = "The lighthouse was built in 1871 to guide ships past the reef.";
    const others = ["The harbour is home to a fishing fleet of forty boats.", "Tourists visit the market on Saturdays."];
    const score = (sentences: string[]) => verifier.score(sentences.map((sentence, i) => ({ question, passage: verifierPassage(sentence, { title, previous: sentences[i - 1] }) })));
    try {
      const last = await score([...others, answer]);
      expect(last).toHaveLength(3);
      expect(last[2]).toBeGreaterThan(Math.max(last[0] as number, last[1] as number));
      // In the middle, the answer still outscores the sentence before it. The sentence after it
      // reads the answer as its context and, with the shipped model, outscores the answer itself
      // (0.60 against its 0.51 here; the previous model gave 0.29 against 0.32): which is why
      // answers are ranked mostly by the evidence score and a neighbour joins only at 0.7 of the
      // best verifier score (answer-options.ts).
      const middle = await score([others[0]!, answer, others[1]!]);
      expect(middle[1]).toBeGreaterThan(middle[0] as number);
    } finally {
      await verifier.dispose();
    }
  }, 60_000);

  it("gives a pair the same score whatever else is scored with it", async () => {
    // The model quantizes its activations with one scale per run: a padded batch would make a score depend on its neighbours.
    const verifier = createTransformersVerifier({ modelsDir, modelId: "answer-verifier" });
    const pair = { question: "In what year was the lighthouse built?", passage: "Harbour town: The lighthouse was built in 1871 to guide ships past the reef." };
    const long = { question: "Who founded the city?", passage: "The city was founded by settlers from the coast. ".repeat(12) };
    try {
      const [alone] = await verifier.score([pair]);
      const [first] = await verifier.score([pair, long]);
      const [, second] = await verifier.score([long, pair]);
      expect(first).toBe(alone);
      expect(second).toBe(alone);
    } finally {
      await verifier.dispose();
    }
  }, 60_000);

  describe("a model folder whose pair length the model cannot read", () => {
    let dir: string;
    beforeAll(async () => {
      dir = await mkdtemp(path.join(os.tmpdir(), "verifier-"));
      const source = path.join(modelsDir, "answer-verifier");
      const target = path.join(dir, "answer-verifier");
      await cp(source, target, { recursive: true, filter: (file) => !file.includes(`${path.sep}onnx`) });
      await symlink(path.join(source, "onnx"), path.join(target, "onnx"));
      const config = JSON.parse(await readFile(path.join(source, "tokenizer_config.json"), "utf8"));
      await writeFile(path.join(target, "tokenizer_config.json"), JSON.stringify({ ...config, model_max_length: 4096 }));
    });
    afterAll(async () => {
      await rm(dir, { recursive: true, force: true });
    });

    it("refuses to load it, naming the setting", async () => {
      const verifier = createTransformersVerifier({ modelsDir: dir, modelId: "answer-verifier" });
      await expect(verifier.load()).rejects.toThrow(/model_max_length 4096/);
    });
  });
});
