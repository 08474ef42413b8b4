import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import ort from "onnxruntime-node";
import { describe, expect, it } from "vitest";
import { MODEL_WEIGHTS_FILE } from "../src/embed/model-fingerprint.js";
import { limitOnnxThreads, withOrtConfig } from "../src/inference/onnx-threads.js";

const model = readFileSync(path.join("models", "all-MiniLM-L6-v2", MODEL_WEIGHTS_FILE));
const threadCount = () => readdirSync("/proc/self/task").length;
const feeds = () => {
  const ids = BigInt64Array.from([101n, 7592n, 2088n, 102n]);
  return {
    input_ids: new ort.Tensor("int64", ids, [1, 4]),
    attention_mask: new ort.Tensor("int64", new BigInt64Array(4).fill(1n), [1, 4]),
    token_type_ids: new ort.Tensor("int64", new BigInt64Array(4), [1, 4]),
  };
};

describe("limiting onnxruntime's threads", () => {
  it("appends ort_config as model metadata without changing what the model computes", async () => {
    const configured = withOrtConfig(model, 1);
    expect(Buffer.from(configured.subarray(0, model.byteLength)).equals(model)).toBe(true);
    expect(Buffer.from(configured).includes('{"session_options":{"intra_op_num_threads":1,"inter_op_num_threads":1}}')).toBe(true);
    const [plain, limited] = await Promise.all([ort.InferenceSession.create(model), ort.InferenceSession.create(Buffer.from(configured))]);
    const [a, b] = await Promise.all([plain.run(feeds()), limited.run(feeds())]);
    const name = plain.outputNames[0] as string;
    expect(Array.from(b[name]?.data as Float32Array)).toEqual(Array.from(a[name]?.data as Float32Array));
  });

  // The point of the module: onnxruntime-node 1.14 ignores the intraOpNumThreads session option and
  // starts a spinning pool thread per session; the limit given through the model's metadata holds.
  it.runIf(process.platform === "linux")("starts no extra thread for a session once limited to one", async () => {
    limitOnnxThreads(1);
    const before = threadCount();
    const session = await ort.InferenceSession.create(model);
    await session.run(feeds());
    expect(threadCount()).toBe(before);
  });
});
