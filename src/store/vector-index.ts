import hnswlib from "hnswlib-node";

const { HierarchicalNSW } = hnswlib;

export interface HnswParams {
  space: "cosine";
  m: number;
  efConstruction: number;
  efSearch: number;
  /** Fixed so that the same vectors in the same order always give the same graph. */
  seed: number;
}

export const DEFAULT_HNSW_PARAMS: HnswParams = { space: "cosine", m: 16, efConstruction: 200, efSearch: 96, seed: 42 };

export interface VectorHit {
  label: number;
  /** Cosine similarity, 1 is identical. */
  similarity: number;
}

/**
 * hnswlib-node behind a small surface that owns its sharp edges:
 * capacity is sized to the data, k is clamped to the count, labels are row numbers.
 */
export class VectorIndex {
  private constructor(
    private readonly index: InstanceType<typeof HierarchicalNSW>,
    readonly dimensions: number,
    readonly params: HnswParams,
  ) {}

  static build(vectors: Float32Array[], dimensions: number, params: HnswParams = DEFAULT_HNSW_PARAMS): VectorIndex {
    const index = new HierarchicalNSW(params.space, dimensions);
    index.initIndex(Math.max(1, vectors.length), params.m, params.efConstruction, params.seed);
    vectors.forEach((vector, label) => {
      if (vector.length !== dimensions) throw new Error(`vector ${label} has ${vector.length} dimensions, expected ${dimensions}`);
      index.addPoint(Array.from(vector), label);
    });
    index.setEf(params.efSearch);
    return new VectorIndex(index, dimensions, params);
  }

  static async read(file: string, dimensions: number, params: HnswParams): Promise<VectorIndex> {
    const index = new HierarchicalNSW(params.space, dimensions);
    await index.readIndex(file);
    index.setEf(params.efSearch);
    return new VectorIndex(index, dimensions, params);
  }

  get count(): number {
    return this.index.getCurrentCount();
  }

  /** The stored vector of a label (as hnswlib keeps it: normalised for the cosine space). */
  vectorOf(label: number): number[] {
    return this.index.getPoint(label);
  }

  async write(file: string): Promise<void> {
    await this.index.writeIndex(file);
  }

  search(vector: Float32Array, k: number): VectorHit[] {
    const wanted = Math.min(k, this.count);
    if (wanted <= 0) return [];
    const { neighbors, distances } = this.index.searchKnn(Array.from(vector), wanted);
    return neighbors.map((label, rank) => ({ label, similarity: 1 - (distances[rank] ?? 1) }));
  }
}

/**
 * Reads a written HNSW file back with hnswlib and checks it holds `count` points. hnswlib's
 * writeIndex reports no write errors, so a full disk once produced a truncated graph whose
 * checksum matched the manifest; only reading it as a graph tells.
 */
export async function verifyGraphFile(file: string, count: number, dimensions: number, params: HnswParams): Promise<string | undefined> {
  try {
    const index = await VectorIndex.read(file, dimensions, params);
    return index.count === count ? undefined : `it holds ${index.count} points, ${count} were written`;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}
