import { readFile } from "node:fs/promises";
import path from "node:path";
import { env, pipeline, type FeatureExtractionPipeline } from "@xenova/transformers";
import { describe, expect, it } from "vitest";
import { createTransformersEmbedder } from "../src/embed/transformers-embedder.js";

const modelsDir = path.resolve(import.meta.dirname, "../models");

describe("the embedder's own mean pooling, against transformers.js's pipeline pooling", () => {
  it("gives the pipeline's vectors bit for bit, for a question alone and for padded batches", async () => {
    const paragraphs = (await readFile(path.resolve(import.meta.dirname, "../corpus/mali-war.txt"), "utf8")).split(/\n\s*\n/).slice(0, 24);
    const batches = [["When did the Nampala raid happen?"], ["Who leads JNIM?", "OK", ...paragraphs.slice(0, 10)], paragraphs.slice(10)];
    const embedder = createTransformersEmbedder({ modelsDir, modelId: "all-MiniLM-L6-v2" });
    env.localModelPath = modelsDir + path.sep;
    env.allowRemoteModels = false;
    const reference = (await pipeline("feature-extraction", "all-MiniLM-L6-v2", { quantized: true })) as FeatureExtractionPipeline;
    try {
      for (const texts of batches) {
        const ours = await embedder.embed(texts);
        const theirs = await reference(texts, { pooling: "mean", normalize: true });
        const dimensions = theirs.dims[1] as number;
        expect(ours).toHaveLength(texts.length);
        ours.forEach((vector, row) => expect(Array.from(vector)).toEqual(Array.from((theirs.data as Float32Array).subarray(row * dimensions, (row + 1) * dimensions))));
      }
    } finally {
      await embedder.dispose();
      await reference.dispose();
    }
  }, 120_000);
});
