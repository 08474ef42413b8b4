import { MemoryVectorStore } from "@langchain/classic/vectorstores/memory";
import { Embeddings } from "@langchain/core/embeddings";
import { Document } from "@langchain/core/documents";
import type { LoadedIndex } from "../store/load-index.js";
import { summarize, type LatencySummary } from "./stats.js";

/** LangChain's in-memory store only embeds through this; the vectors are added precomputed. */
class PrecomputedEmbeddings extends Embeddings {
  constructor() {
    super({});
  }
  async embedDocuments(): Promise<number[][]> {
    throw new Error("vectors are added precomputed");
  }
  async embedQuery(): Promise<number[]> {
    throw new Error("queries are searched by vector");
  }
}

export interface SearchComparison {
  chunks: number;
  hnsw: LatencySummary;
  bruteForce: LatencySummary;
}

/**
 * Vector search only, same vectors, same query vectors: our HNSW index against LangChain.js's
 * MemoryVectorStore, which compares the query with every vector.
 */
export async function compareVectorSearch(index: LoadedIndex, queryVectors: Float32Array[], k = 20, rounds = 3): Promise<SearchComparison> {
  const count = index.vectors.count;
  const store = new MemoryVectorStore(new PrecomputedEmbeddings());
  const vectors = Array.from({ length: count }, (_, label) => index.vectors.vectorOf(label));
  await store.addVectors(vectors, vectors.map((_, label) => new Document({ pageContent: "", metadata: { label } })));

  const time = async (search: (vector: Float32Array) => unknown) => {
    const samples: number[] = [];
    for (const vector of queryVectors.slice(0, 5)) await search(vector);
    for (let round = 0; round < rounds; round++) {
      for (const vector of queryVectors) {
        const began = performance.now();
        await search(vector);
        samples.push(performance.now() - began);
      }
    }
    return summarize(samples);
  };
  return {
    chunks: count,
    hnsw: await time((vector) => index.vectors.search(vector, k)),
    bruteForce: await time((vector) => store.similaritySearchVectorWithScore(Array.from(vector), k)),
  };
}
