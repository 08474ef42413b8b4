import type { AnswerOptions } from "../answer/answer-options.js";
import type { Embedder } from "../embed/embedder.js";
import type { LoadedIndex } from "../store/load-index.js";
import { nextTurn } from "../event-loop-turn.js";
import { memorySearch, type CorpusReader } from "./corpus-reader.js";
import { weightedRankFusion } from "./fuse.js";

export interface RetrievedParagraph {
  paragraphId: string;
  /** Fused (RRF) score; only its order is meaningful. */
  fused: number;
  /** Best cosine similarity between the query and a chunk of this paragraph (0 when dense search missed it). */
  similarity: number;
  denseRank?: number;
  lexicalRank?: number;
}

export interface Retrieval {
  query: string;
  queryVector: Float32Array;
  paragraphs: RetrievedParagraph[];
}

export interface RetrieveOptions {
  /** How many paragraphs to return. */
  k: number;
  /** The query's vector when the caller already has it (benchmarks time the embedding apart). */
  queryVector?: Float32Array;
  signal?: AbortSignal;
}

/** The two searches hybrid retrieval fuses. */
export type CandidateSource = Pick<CorpusReader, "dense" | "lexical">;

/**
 * Hybrid retrieval: HNSW over chunk embeddings plus BM25 over paragraphs, fused by weighted
 * reciprocal rank; the searches run in memory over an index or in the database (CorpusReader).
 */
export class Retriever {
  private readonly source: CandidateSource;

  constructor(
    source: LoadedIndex | CandidateSource,
    private readonly embedder: Embedder,
    private readonly fusion: Pick<AnswerOptions["retrieval"], "perRetriever" | "rrfK" | "denseWeight"> = { perRetriever: 40, rrfK: 60, denseWeight: 0.5 },
  ) {
    this.source = "vectors" in source ? memorySearch(source) : source;
  }

  async retrieve(query: string, { k, queryVector: given, signal }: RetrieveOptions): Promise<Retrieval> {
    const queryVector = given ?? (await this.embedder.embed([query], { signal }))[0];
    if (!queryVector) throw new Error("the embedder returned no vector");
    // In memory, search and the caller's evidence scoring run synchronously from here: in a turn of their own.
    await nextTurn();
    signal?.throwIfAborted();

    const { perRetriever, rrfK, denseWeight } = this.fusion;
    const [similarity, lexical] = await Promise.all([this.source.dense(queryVector, perRetriever * 2), this.source.lexical(query, perRetriever)]);
    const dense = [...similarity.keys()].slice(0, perRetriever);
    const fused = weightedRankFusion([
      { ranking: dense, weight: denseWeight },
      { ranking: lexical, weight: 1 - denseWeight },
    ], rrfK);

    const paragraphs = [...fused.entries()]
      .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
      .slice(0, k)
      .map(([paragraphId, score]): RetrievedParagraph => {
        const denseRank = dense.indexOf(paragraphId);
        const lexicalRank = lexical.indexOf(paragraphId);
        return {
          paragraphId,
          fused: score,
          similarity: similarity.get(paragraphId) ?? 0,
          ...(denseRank >= 0 ? { denseRank: denseRank + 1 } : {}),
          ...(lexicalRank >= 0 ? { lexicalRank: lexicalRank + 1 } : {}),
        };
      });
    return { query, queryVector, paragraphs };
  }
}
