import { answerExtractively, answerParts, DEFAULT_EXTRACTIVE_OPTIONS, type ExtractiveOptions } from "./answer/extractive-answerer.js";
import { definedTerm, expectedAnswer } from "./answer/question-type.js";
import { introducingParagraphs } from "./answer/introductions.js";
import { splitQuestion } from "./answer/split-question.js";
import { gatherEvidence, paragraphSimilarity, type EvidenceSet } from "./answer/evidence.js";
import { titleOnlyFacts } from "./answer/redundant-facts.js";
import type { Answer } from "./answer/types.js";
import type { Embedder } from "./embed/embedder.js";
import { Retriever } from "./retrieve/retriever.js";
import { TermStats } from "./retrieve/term-stats.js";
import type { LoadedIndex } from "./store/load-index.js";

export const DEFAULT_K = 6;
export const MAX_K = 20;
/** Hybrid retrieval hands this many paragraphs to sentence-level reranking. */
const CANDIDATES = 20;

export interface AskOptions {
  /** How many of the best paragraphs the answer may draw on. */
  k?: number;
  /**
   * Earlier questions a follow-up refers back to; they join the retrieval query so "When was it
   * formed?" after "What is JNIM?" retrieves JNIM's paragraphs. The kind of answer comes from the question alone.
   */
  context?: string[];
}

export interface RankedRetrieval {
  /** Paragraph ids, best first, at most k. */
  paragraphIds: string[];
  evidence: EvidenceSet;
}

/** Question answering over one loaded index: hybrid retrieval, sentence-level reranking, extractive answer. */
export interface Assistant {
  readonly index: LoadedIndex;
  retrieve(query: string, options?: AskOptions, focus?: string): Promise<RankedRetrieval>;
  ask(question: string, options?: AskOptions): Promise<Answer>;
}

export function createAssistant(options: { index: LoadedIndex; embedder: Embedder; extractive?: ExtractiveOptions }): Assistant {
  const { index, embedder, extractive = DEFAULT_EXTRACTIVE_OPTIONS } = options;
  const retriever = new Retriever(index, embedder);
  const stats = new TermStats(index.passages);
  const skip = titleOnlyFacts(index.passages);

  const retrieve = async (query: string, { k = DEFAULT_K }: AskOptions = {}, focus?: string): Promise<RankedRetrieval> => {
    const candidates = await retriever.retrieve(query, { k: Math.max(CANDIDATES, k) });
    // "What is JNIM?": the paragraph that introduces "(JNIM)" joins the candidates even when
    // similarity ranks the many paragraphs merely mentioning JNIM above it.
    const term = definedTerm(expectedAnswer(focus ?? query));
    if (term) {
      for (const id of introducingParagraphs(index.passages, term)) {
        if (!candidates.paragraphs.some((hit) => hit.paragraphId === id)) {
          candidates.paragraphs.push({ paragraphId: id, fused: 0, similarity: paragraphSimilarity(index, id, candidates.queryVector) });
        }
      }
    }
    const evidence = gatherEvidence(index, stats, candidates, { skip, focus });
    const kept = new Set(evidence.paragraphs.slice(0, k).map((paragraph) => paragraph.paragraphId));
    return {
      paragraphIds: [...kept],
      evidence: { ...evidence, sentences: evidence.sentences.filter((sentence) => kept.has(sentence.paragraphId)), paragraphs: evidence.paragraphs.filter((p) => kept.has(p.paragraphId)) },
    };
  };

  return {
    index,
    retrieve,
    async ask(question, askOptions = {}) {
      const context = askOptions.context?.length ? ` ${askOptions.context.join(" ")}` : "";
      const parts = splitQuestion(question);
      if (parts.length === 1) return answerExtractively(index.passages, (await retrieve(`${question}${context}`, askOptions, question)).evidence, extractive);
      const evidence = await Promise.all(parts.map((part) => retrieve(`${part.query}${context}`, askOptions, part.focus)));
      return answerParts(index.passages, evidence.map((part) => part.evidence), extractive);
    },
  };
}
