import { introducingParagraphs } from "../answer/introductions.js";
import { titleOnlyFacts } from "../answer/redundant-facts.js";
import type { LoadedIndex } from "../store/load-index.js";
import type { Manifest } from "../store/manifest.js";
import type { PassageStore } from "../store/passage-store.js";
import { LexicalIndex } from "./lexical-index.js";
import { TermStats } from "./term-stats.js";

/** The passages, sentences and sentence vectors that evidence scoring, verification and composition read. */
export type PassageView = Pick<LoadedIndex, "passages" | "sentenceVectors">;

/** What one question's answer reads: passages with their sentence vectors, term statistics, and the paragraphs never used as evidence. */
export interface WorkingSet {
  view: PassageView;
  stats: TermStats;
  skip: Set<string>;
}

export interface WorkingSetRequest {
  /** Paragraphs to score (candidates and introductions); the paragraph after each comes too, for the block a sentence introduces. */
  paragraphIds: string[];
  /** Terms whose corpus-wide frequencies the evidence score weighs (the content terms of each query). */
  questionTerms: string[];
  /** For each question part, the content terms of its focus: a document whose title holds them all is the one it names. */
  focusTerms: string[][];
}

/**
 * Where answering reads the corpus from: the whole index in memory (the file store, or a Postgres
 * snapshot), or the database per question (`PG_ANSWERING=sql`). Retrieval, fusion, evidence,
 * verification and composition are one code path over either.
 */
export interface CorpusReader {
  readonly manifest: Manifest;
  /** The `chunks` chunks nearest the query, as each paragraph's best cosine similarity, best first. */
  dense(queryVector: Float32Array, chunks: number): Promise<Map<string, number>>;
  /** Paragraph ids ranked by lexical relevance to the query, at most `limit`. */
  lexical(query: string, limit: number): Promise<string[]>;
  /** Paragraphs that introduce the term ("... (MNLA)"), first ones first. */
  introductions(term: string): Promise<string[]>;
  workingSet(request: WorkingSetRequest): Promise<WorkingSet>;
  /** Passages holding the document and all its paragraphs (for source views); undefined for an unknown id. */
  documentPassages(docId: string): Promise<PassageStore | undefined>;
  /** The id of the document a paragraph belongs to; undefined for an unknown id. */
  documentOf(paragraphId: string): Promise<string | undefined>;
}

/** The two searches over an index in memory: hnswlib's graph and the application's BM25. */
export function memorySearch(index: LoadedIndex): Pick<CorpusReader, "dense" | "lexical"> {
  const { passages } = index;
  const lexical = index.lexical?.bm25 ?? LexicalIndex.build(passages);
  return {
    async dense(queryVector, chunks) {
      const similarity = new Map<string, number>();
      for (const hit of index.vectors.search(queryVector, chunks)) {
        const chunk = passages.data.chunks[hit.label];
        if (chunk && hit.similarity > (similarity.get(chunk.paragraphId) ?? -Infinity)) similarity.set(chunk.paragraphId, hit.similarity);
      }
      return new Map([...similarity.entries()].sort((a, b) => b[1] - a[1]));
    },
    async lexical(query, limit) {
      return lexical.query(query, limit).map((hit) => hit.paragraphId);
    },
  };
}

/** The reader over an index held in memory: every answer reads the whole index as its working set, its statistics computed once here. */
export function memoryCorpus(index: LoadedIndex): CorpusReader {
  const { passages } = index;
  const whole: WorkingSet = { view: index, stats: new TermStats(passages, index.lexical?.frequencies), skip: titleOnlyFacts(passages) };
  return {
    manifest: index.manifest,
    ...memorySearch(index),
    async introductions(term) {
      return introducingParagraphs(passages, term);
    },
    async workingSet() {
      return whole;
    },
    async documentPassages(docId) {
      return passages.documents.has(docId) ? passages : undefined;
    },
    async documentOf(paragraphId) {
      return passages.paragraphs.get(paragraphId)?.docId;
    },
  };
}
