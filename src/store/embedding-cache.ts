import { sha256 } from "../corpus/sha256.js";
import type { ModelFingerprint } from "../embed/model-fingerprint.js";
import { IndexUnusableError } from "./errors.js";

/**
 * Everything besides the model weights and the text that decides a vector: mean pooling, L2
 * normalisation, the quantised weights, each text run alone (transformers-embedder.ts: batched, a
 * vector depended on its neighbours), and the embedding-text recipe of corpus/embedding-text.ts
 * (document title and section prefixes). Change it whenever any of those changes, and every
 * cached vector is recomputed.
 */
export const EMBEDDING_RECIPE = "mean-pool/l2-normalize/int8; one text per run; chunk = title. section path. text; sentence = title: text; v2";

const KEY_BYTES = 32;
const HEADER_BYTES = 8;

/** The cache key of one embedded text: sha256 over the recipe, the model's weights hash and the text. */
export function embeddingKey(text: string, model: ModelFingerprint, recipe = EMBEDDING_RECIPE): string {
  return sha256(`${recipe}\n${model.sha256}\n${text}`);
}

/**
 * Vectors by embedding key. Persisted beside the index (one file the manifest names and verifies)
 * so an update embeds only texts it has not seen: a document that did not change, or came back
 * after a rename, costs no model time.
 */
export class EmbeddingCache {
  private readonly vectors = new Map<string, Float32Array>();

  constructor(readonly dimensions: number) {}

  get size(): number {
    return this.vectors.size;
  }

  get(key: string): Float32Array | undefined {
    return this.vectors.get(key);
  }

  set(key: string, vector: Float32Array): void {
    if (vector.length !== this.dimensions) throw new Error(`a ${vector.length}-dimensional vector in a ${this.dimensions}-dimensional cache`);
    this.vectors.set(key, vector);
  }

  /** Every key with its vector (the Postgres store copies a file index's cache into its table). */
  entries(): IterableIterator<[string, Float32Array]> {
    return this.vectors.entries();
  }

  /** Only the given keys, so the file holds what the current index uses and never grows without bound. */
  retain(keys: Iterable<string>): EmbeddingCache {
    const kept = new EmbeddingCache(this.dimensions);
    for (const key of keys) {
      const vector = this.vectors.get(key);
      if (vector) kept.vectors.set(key, vector);
    }
    return kept;
  }

  /** Layout: u32 dimensions, u32 count, count sorted 32-byte keys, then count rows of float32. Sorted, so equal caches give equal bytes. */
  serialize(): Uint8Array {
    const keys = [...this.vectors.keys()].sort();
    const bytes = new Uint8Array(HEADER_BYTES + keys.length * (KEY_BYTES + this.dimensions * 4));
    const view = new DataView(bytes.buffer);
    view.setUint32(0, this.dimensions, true);
    view.setUint32(4, keys.length, true);
    const rows = new Float32Array(bytes.buffer, HEADER_BYTES + keys.length * KEY_BYTES, keys.length * this.dimensions);
    keys.forEach((key, row) => {
      bytes.set(Buffer.from(key, "hex"), HEADER_BYTES + row * KEY_BYTES);
      rows.set(this.vectors.get(key) as Float32Array, row * this.dimensions);
    });
    return bytes;
  }

  static deserialize(data: Uint8Array): EmbeddingCache {
    const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
    if (data.byteLength < HEADER_BYTES) throw new IndexUnusableError("corrupt", "the embedding cache is shorter than its header");
    const dimensions = view.getUint32(0, true);
    const count = view.getUint32(4, true);
    if (dimensions === 0 || data.byteLength !== HEADER_BYTES + count * (KEY_BYTES + dimensions * 4)) {
      throw new IndexUnusableError("corrupt", "the embedding cache's size disagrees with its header");
    }
    const cache = new EmbeddingCache(dimensions);
    // Copied out, so the rows are aligned and do not keep the file's buffer alive.
    // (A Buffer's slice is a view into a shared pool, so the bytes are copied into a buffer of their own.)
    const rowBytes = new Uint8Array(count * dimensions * 4);
    rowBytes.set(data.subarray(HEADER_BYTES + count * KEY_BYTES));
    const rows = new Float32Array(rowBytes.buffer);
    for (let row = 0; row < count; row++) {
      const key = Buffer.from(data.subarray(HEADER_BYTES + row * KEY_BYTES, HEADER_BYTES + (row + 1) * KEY_BYTES)).toString("hex");
      cache.vectors.set(key, rows.slice(row * dimensions, (row + 1) * dimensions));
    }
    return cache;
  }
}
