import type { LoadedIndex } from "../store/load-index.js";
import type { Retrieval } from "../retrieve/retriever.js";
import { composeExtractive } from "./compose.js";
import { gatherEvidence, type Evidence } from "./evidence.js";
import { ABSTENTION_TEXT, type Answer } from "./types.js";

export interface ExtractiveOptions {
  /** How many retrieved paragraphs to read sentences from. */
  paragraphs: number;
  /** Below this question–evidence similarity the documents are taken not to hold the answer. */
  minSimilarity: number;
  /** Evidence this similar still needs `minCoverage` of the question's terms. */
  confidentSimilarity: number;
  minCoverage: number;
}

export const DEFAULT_EXTRACTIVE_OPTIONS: ExtractiveOptions = {
  paragraphs: 6,
  minSimilarity: 0.3,
  confidentSimilarity: 0.55,
  minCoverage: 0.5,
};

export function abstention(): Answer {
  return { answer: ABSTENTION_TEXT, citations: [], abstained: true };
}

/** Whether the best evidence is strong enough to answer from. */
export function isAnswerable(best: Evidence | undefined, options: ExtractiveOptions): boolean {
  if (!best) return false;
  if (best.similarity < options.minSimilarity) return false;
  return best.similarity >= options.confidentSimilarity || best.coverage >= options.minCoverage;
}

/** How many sentences an answer may have: one to three, more for "describe"/"why" questions. */
function sentenceBudget(expected: string | undefined): number {
  return expected === "overview" || expected === "reason" ? 3 : 2;
}

/**
 * Answers with sentences copied from the retrieved paragraphs, each followed by its citation marker,
 * or abstains when no sentence is close enough to the question.
 */
export function answerExtractively(index: LoadedIndex, retrieval: Retrieval, options: ExtractiveOptions = DEFAULT_EXTRACTIVE_OPTIONS): Answer {
  const evidence = gatherEvidence(index, retrieval, { paragraphs: options.paragraphs });
  const [best] = evidence.sentences;
  if (!best || !isAnswerable(best, options)) return abstention();

  const chosen: Evidence[] = [best];
  for (const candidate of evidence.sentences.slice(1)) {
    if (chosen.length >= sentenceBudget(evidence.expected)) break;
    // A further sentence must be nearly as good and say something the first does not.
    if (candidate.score < best.score * 0.85 || candidate.typeMatch === false) continue;
    if (chosen.some((sentence) => sentence.text === candidate.text)) continue;
    chosen.push(candidate);
  }
  return composeExtractive(
    index.passages,
    chosen.map((sentence) => ({ paragraphId: sentence.paragraphId, start: sentence.start, end: sentence.end, score: Math.max(0, sentence.similarity) })),
  );
}
