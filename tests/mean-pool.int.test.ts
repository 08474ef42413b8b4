import { readFile } from "node:fs/promises";
import path from "node:path";
import { env, pipeline, type FeatureExtractionPipeline } from "@xenova/transformers";
import { describe, expect, it } from "vitest";
import { createTransformersEmbedder } from "../src/embed/transformers-embedder.js";

const modelsDir = path.resolve(import.meta.dirname, "../models");

describe("the embedder's own mean pooling, against transformers.js's pipeline pooling", () => {
  it("gives the pipeline's vectors bit for bit, each text as the pipeline embeds it alone", async () => {
    const paragraphs = (await readFile(path.resolve(import.meta.dirname, "../corpus/mali-war.txt"), "utf8")).split(/\n\s*\n/).slice(0, 24);
    const calls = [["When did the Nampala raid happen?"], ["Who leads JNIM?", "OK", ...paragraphs.slice(0, 10)], paragraphs.slice(10)];
    const embedder = createTransformersEmbedder({ modelsDir, modelId: "all-MiniLM-L6-v2" });
    env.localModelPath = modelsDir + path.sep;
    env.allowRemoteModels = false;
    const reference = (await pipeline("feature-extraction", "all-MiniLM-L6-v2", { quantized: true })) as FeatureExtractionPipeline;
    try {
      for (const texts of calls) {
        const ours = await embedder.embed(texts);
        expect(ours).toHaveLength(texts.length);
        for (const [row, text] of texts.entries()) {
          const theirs = await reference(text, { pooling: "mean", normalize: true });
          expect(Array.from(ours[row] as Float32Array)).toEqual(Array.from(theirs.data as Float32Array));
        }
      }
    } finally {
      await embedder.dispose();
      await reference.dispose();
    }
  }, 120_000);

  it("gives a text the same vector whatever else is embedded with it", async () => {
    // The model quantizes its activations with one scale per run: a padded batch would make a vector depend on its neighbours.
    const paragraph = (await readFile(path.resolve(import.meta.dirname, "../corpus/mali-war.txt"), "utf8")).split(/\n\s*\n/).find((text) => text.length > 600) as string;
    const embedder = createTransformersEmbedder({ modelsDir, modelId: "all-MiniLM-L6-v2" });
    try {
      const [alone] = await embedder.embed(["Who leads JNIM?"]);
      const [withParagraph] = await embedder.embed(["Who leads JNIM?", paragraph]);
      const [afterParagraph] = (await embedder.embed([paragraph, "Who leads JNIM?"])).slice(1);
      expect(Array.from(withParagraph as Float32Array)).toEqual(Array.from(alone as Float32Array));
      expect(Array.from(afterParagraph as Float32Array)).toEqual(Array.from(alone as Float32Array));
    } finally {
      await embedder.dispose();
    }
  }, 120_000);
});
