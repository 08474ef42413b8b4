import { DEFAULT_ANSWER_OPTIONS, type AnswerOptions } from "./answer/answer-options.js";
import { answerExtractively, answerParts } from "./answer/extractive-answerer.js";
import { definedTerm, expectedAnswer } from "./answer/question-type.js";
import { introducingParagraphs } from "./answer/introductions.js";
import { splitQuestion } from "./answer/split-question.js";
import { gatherEvidence, paragraphSimilarity, type EvidenceSet } from "./answer/evidence.js";
import { titleOnlyFacts } from "./answer/redundant-facts.js";
import type { Answer } from "./answer/types.js";
import { verifyEvidence } from "./answer/verify-evidence.js";
import type { Embedder } from "./embed/embedder.js";
import { Retriever } from "./retrieve/retriever.js";
import { TermStats } from "./retrieve/term-stats.js";
import type { LoadedIndex } from "./store/load-index.js";
import type { Verifier } from "./verifier/verifier.js";

export const DEFAULT_K = 6;
export const MAX_K = 20;

export interface AskOptions {
  /** How many of the best paragraphs the answer may draw on. */
  k?: number;
  /**
   * Earlier questions a follow-up refers back to; they join the retrieval query so "When was it
   * formed?" after "What is JNIM?" retrieves JNIM's paragraphs. The kind of answer comes from the question alone.
   */
  context?: string[];
  /** Aborts queued model work when the client goes away. */
  signal?: AbortSignal;
}

export interface RankedRetrieval {
  /** Paragraph ids, best first, at most k. */
  paragraphIds: string[];
  evidence: EvidenceSet;
}

/** Question answering over one loaded index: hybrid retrieval, sentence scoring, verification, extractive answer. */
export interface Assistant {
  readonly index: LoadedIndex;
  /** The answering settings in force (printed by `npm run eval -- --verbose`). */
  readonly options: AnswerOptions;
  retrieve(query: string, options?: AskOptions, focus?: string): Promise<RankedRetrieval>;
  ask(question: string, options?: AskOptions): Promise<Answer>;
}

/**
 * Wires answering over an index. Without a verifier (or with `mode: "heuristic"`) the evidence
 * score alone chooses and decides.
 */
export function createAssistant(dependencies: { index: LoadedIndex; embedder: Embedder; verifier?: Verifier; options?: AnswerOptions }): Assistant {
  const { index, embedder } = dependencies;
  const verifier = dependencies.options?.mode === "heuristic" ? undefined : dependencies.verifier;
  const options: AnswerOptions = { ...(dependencies.options ?? DEFAULT_ANSWER_OPTIONS), mode: verifier ? "verifier" : "heuristic" };
  const retriever = new Retriever(index, embedder, options.retrieval);
  const stats = new TermStats(index.passages);
  const skip = titleOnlyFacts(index.passages);

  const retrieve = async (query: string, { k = DEFAULT_K, signal }: AskOptions = {}, focus?: string): Promise<RankedRetrieval> => {
    const candidates = await retriever.retrieve(query, { k: Math.max(options.retrieval.candidates, k), signal });
    // "What is JNIM?": the paragraph that introduces "(JNIM)" joins the candidates even when
    // similarity ranks the many paragraphs merely mentioning JNIM above it.
    const term = definedTerm(expectedAnswer(focus ?? query));
    const introductions = new Set(term ? introducingParagraphs(index.passages, term) : []);
    for (const id of introductions) {
      if (!candidates.paragraphs.some((hit) => hit.paragraphId === id)) {
        candidates.paragraphs.push({ paragraphId: id, fused: 0, similarity: paragraphSimilarity(index, id, candidates.queryVector) });
      }
    }
    let evidence = gatherEvidence(index, stats, candidates, options.evidence, { skip, focus, introductions });
    if (verifier) evidence = await verifyEvidence(evidence, index.passages, verifier, focus ?? query, { candidates: options.verifier.candidates, signal });
    const kept = new Set(evidence.paragraphs.slice(0, k).map((paragraph) => paragraph.paragraphId));
    return {
      paragraphIds: [...kept],
      evidence: { ...evidence, sentences: evidence.sentences.filter((sentence) => kept.has(sentence.paragraphId)), paragraphs: evidence.paragraphs.filter((p) => kept.has(p.paragraphId)) },
    };
  };

  return {
    index,
    options,
    retrieve,
    async ask(question, askOptions = {}) {
      const context = askOptions.context?.length ? ` ${askOptions.context.join(" ")}` : "";
      const parts = splitQuestion(question);
      if (parts.length === 1) return answerExtractively(index.passages, (await retrieve(`${question}${context}`, askOptions, question)).evidence, options);
      const evidence = await Promise.all(parts.map((part) => retrieve(`${part.query}${context}`, askOptions, part.focus)));
      return answerParts(index.passages, evidence.map((part) => part.evidence), options);
    },
  };
}
