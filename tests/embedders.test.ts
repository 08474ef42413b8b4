import { describe, expect, it, vi } from "vitest";
import { createCachedEmbedder } from "../src/embed/cached-embedder.js";
import { FakeEmbedder } from "./support/fake-embedder.js";

describe("the query embedding cache", () => {
  it("serves a repeated text from the cache without calling the model again", async () => {
    const inner = new FakeEmbedder();
    const cached = createCachedEmbedder(inner);
    const [first] = await cached.embed(["Who leads JNIM?"]);
    const [second] = await cached.embed(["Who leads JNIM?"]);
    expect(second).toEqual(first);
    expect(inner.calls).toEqual([["Who leads JNIM?"]]);
    expect({ hits: cached.hits, misses: cached.misses }).toEqual({ hits: 1, misses: 1 });
  });

  it("stays within its byte bound, evicting the least recently used text", async () => {
    const inner = new FakeEmbedder();
    // The fake's vectors are 32 floats (128 bytes); an entry also counts its key and bookkeeping.
    const cached = createCachedEmbedder(inner, { maxBytes: 2 * (128 + 2 + 64) });
    await cached.embed(["a"]);
    await cached.embed(["b"]);
    await cached.embed(["a"]);
    await cached.embed(["c"]);
    expect(cached.size).toBe(2);
    await cached.embed(["a"]);
    await cached.embed(["b"]);
    expect(inner.calls.flat()).toEqual(["a", "b", "c", "b"]);
  });

  it("counts long keys by their size, so a few long follow-ups cannot hold more than the bound", async () => {
    const inner = new FakeEmbedder();
    const maxBytes = 64 * 1024;
    const cached = createCachedEmbedder(inner, { maxBytes });
    const long = (n: number) => `${n} ${"context ".repeat(2_000)}`;
    for (let n = 0; n < 50; n++) await cached.embed([long(n)]);
    // Each key is about 32 KiB as UTF-16: at most two fit.
    expect(cached.bytes).toBeLessThanOrEqual(maxBytes);
    expect(cached.size).toBeLessThanOrEqual(2);
    expect(cached.size).toBeGreaterThan(0);
  });

  it("passes every text to the model when turned off", async () => {
    const inner = new FakeEmbedder();
    const cached = createCachedEmbedder(inner, { maxBytes: 0 });
    await cached.embed(["a"]);
    await cached.embed(["a"]);
    expect(inner.calls).toEqual([["a"], ["a"]]);
    expect(cached.size).toBe(0);
  });

  it("returns vectors in the order asked, including repeats within one call", async () => {
    const cached = createCachedEmbedder(new FakeEmbedder());
    const vectors = await cached.embed(["x", "y", "x"]);
    expect(vectors[0]).toEqual(FakeEmbedder.vectorFor("x"));
    expect(vectors[1]).toEqual(FakeEmbedder.vectorFor("y"));
    expect(vectors[2]).toEqual(FakeEmbedder.vectorFor("x"));
  });
});

describe("loading the transformers.js model", () => {
  it("shares one model load between concurrent first callers", async () => {
    vi.resetModules();
    // A mock pipeline (loading is what is tested): its tokenizer keeps one token a text, its model gives that token [1, 1].
    const pipeline = vi.fn(async () => {
      await new Promise((resolve) => setTimeout(resolve, 20));
      const tokenizer = (texts: string[]) => ({ attention_mask: { data: new BigInt64Array(texts.length).fill(1n) } });
      const model = async ({ attention_mask }: { attention_mask: { data: BigInt64Array } }) => ({
        last_hidden_state: { dims: [attention_mask.data.length, 1, 2], data: new Float32Array(attention_mask.data.length * 2).fill(1) },
      });
      return { tokenizer, model, dispose: async () => {} };
    });
    vi.doMock("@xenova/transformers", () => ({ env: {}, pipeline }));
    const { createTransformersEmbedder } = await import("../src/embed/transformers-embedder.js");
    const embedder = createTransformersEmbedder({ modelsDir: "models", modelId: "all-MiniLM-L6-v2" });
    const results = await Promise.all([embedder.embed(["a"]), embedder.embed(["b"]), embedder.load()]);
    expect(pipeline).toHaveBeenCalledTimes(1);
    expect(Array.from(results[0]?.[0] ?? [])).toEqual([Math.fround(Math.SQRT1_2), Math.fround(Math.SQRT1_2)]);
    vi.doUnmock("@xenova/transformers");
  });

  it("keeps remote model loading off unless allowed", async () => {
    vi.resetModules();
    const env: Record<string, unknown> = {};
    vi.doMock("@xenova/transformers", () => ({ env, pipeline: async () => Object.assign(async () => ({ dims: [0, 0], data: new Float32Array() }), { dispose: async () => {} }) }));
    const { createTransformersEmbedder } = await import("../src/embed/transformers-embedder.js");
    await createTransformersEmbedder({ modelsDir: "models", modelId: "m" }).load();
    expect(env.allowRemoteModels).toBe(false);
    vi.doUnmock("@xenova/transformers");
  });
});
