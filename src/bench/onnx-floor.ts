import { readFile } from "node:fs/promises";
import path from "node:path";
import { AutoTokenizer, env } from "@xenova/transformers";
import ort from "onnxruntime-node";
import { MODEL_WEIGHTS_FILE } from "../embed/model-fingerprint.js";
import { withOrtConfig } from "../inference/onnx-threads.js";
import { summarize, type LatencySummary } from "./stats.js";

/**
 * The floor under a question's latency: the model's bare ONNX `run()` on one tokenized question,
 * with no pipeline, pooling or HTTP around it, for each intra-op thread count asked for.
 */
export async function bareOnnxRunTime(options: { modelsDir: string; modelId: string; questions: string[]; threads: number[]; rounds?: number }): Promise<Map<number, LatencySummary>> {
  const { modelsDir, modelId, questions, threads, rounds = 2 } = options;
  env.localModelPath = path.resolve(modelsDir) + path.sep;
  env.allowRemoteModels = false;
  const tokenizer = await AutoTokenizer.from_pretrained(modelId);
  const feeds = questions.map((question) => {
    const encoded = tokenizer(question, { truncation: true });
    const feed: Record<string, ort.Tensor> = {};
    for (const name of ["input_ids", "attention_mask", "token_type_ids"] as const) {
      const tensor = encoded[name] as { data: BigInt64Array; dims: number[] };
      feed[name] = new ort.Tensor("int64", tensor.data, tensor.dims);
    }
    return feed;
  });
  const results = new Map<number, LatencySummary>();
  const model = await readFile(path.join(modelsDir, modelId, MODEL_WEIGHTS_FILE));
  // The thread count reaches onnxruntime 1.14 only through the model's metadata (see onnx-threads.ts).
  process.env.ORT_LOAD_CONFIG_FROM_MODEL = "1";
  for (const count of threads) {
    const session = await ort.InferenceSession.create(Buffer.from(withOrtConfig(model, count)));
    for (const feed of feeds.slice(0, 10)) await session.run(feed);
    const samples: number[] = [];
    for (let round = 0; round < rounds; round++) {
      for (const feed of feeds) {
        const began = performance.now();
        await session.run(feed);
        samples.push(performance.now() - began);
      }
    }
    results.set(count, summarize(samples));
  }
  return results;
}
