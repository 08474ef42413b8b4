import { createHash } from "node:crypto";
import type { Embedder } from "../../src/embed/embedder.js";

export const FAKE_DIMENSIONS = 32;

/**
 * A deterministic stand-in for the embedding model, for unit tests of the index machinery ONLY
 * (building, writing, loading, verifying, locking, staleness). It stands in for the real model only
 * in those unit tests and must never be used in retrieval- or answer-quality tests: its vectors are
 * a bag of hashed words and carry no meaning.
 *
 * Each text becomes a 32-dimensional vector: every lower-cased word adds 1 to the dimension its
 * sha256 picks, and the result is L2-normalised. Equal texts always give equal vectors.
 */
export class FakeEmbedder implements Embedder {
  readonly modelId: string;
  /** The texts of every `embed` call, in call order. */
  readonly calls: string[][] = [];
  disposed = false;

  constructor(modelId = "fake") {
    this.modelId = modelId;
  }

  /** The vector `embed` returns for `text`, without recording a call. */
  static vectorFor(text: string): Float32Array {
    const vector = new Float32Array(FAKE_DIMENSIONS);
    const words = text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
    for (const word of words) {
      const digest = createHash("sha256").update(word).digest();
      const dimension = (digest[0] ?? 0) % FAKE_DIMENSIONS;
      // A second hash byte picks the sign, so unrelated texts are not all in one orthant.
      vector[dimension] = (vector[dimension] ?? 0) + ((digest[1] ?? 0) % 2 === 0 ? 1 : -1);
    }
    let norm = Math.hypot(...vector);
    if (norm === 0) {
      // No words (or words that cancel out): a fixed unit vector keeps cosine distance defined.
      vector[0] = 1;
      norm = 1;
    }
    return vector.map((value) => value / norm);
  }

  async embed(texts: string[]): Promise<Float32Array[]> {
    this.calls.push([...texts]);
    return texts.map((text) => FakeEmbedder.vectorFor(text));
  }

  async dispose(): Promise<void> {
    this.disposed = true;
  }
}
