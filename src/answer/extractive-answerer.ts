import type { PassageStore } from "../store/passage-store.js";
import { composeExtractive } from "./compose.js";
import type { Evidence, EvidenceSet } from "./evidence.js";
import type { ExpectedAnswer } from "./question-type.js";
import { ABSTENTION_TEXT, type Answer } from "./types.js";

export interface ExtractiveOptions {
  /** Below this evidence score the documents are taken not to hold the answer. */
  minScore: number;
  /** A question mostly made of words the corpus never uses needs evidence at least this similar. */
  unfamiliarShare: number;
  unfamiliarMinSimilarity: number;
  /** A further sentence joins the answer when it scores at least this share of the best one. */
  followerRatio: number;
}

export const DEFAULT_EXTRACTIVE_OPTIONS: ExtractiveOptions = {
  minScore: 0.36,
  unfamiliarShare: 0.5,
  unfamiliarMinSimilarity: 0.5,
  followerRatio: 0.8,
};

export function abstention(): Answer {
  return { answer: ABSTENTION_TEXT, citations: [], abstained: true };
}

/**
 * Whether the best evidence is strong enough to answer from. Besides a minimum score, a "when" or
 * "how many" question needs a sentence holding a date or a number, a question naming a year
 * the paragraph never mentions and words the corpus never uses is about something else, and a question about things the corpus never mentions needs unusually
 * close evidence.
 */
export function isAnswerable(evidence: EvidenceSet, options: ExtractiveOptions): boolean {
  const [best] = evidence.sentences;
  if (!best || best.score < options.minScore) return false;
  if ((evidence.expected === "time" || evidence.expected === "quantity") && best.typeMatch === false) return false;
  // A year the paragraph never mentions, in a question using words the corpus never uses, is
  // a question about something else ("Who won the 2018 FIFA World Cup?").
  if (best.yearMissing && evidence.unfamiliarShare > 0) return false;
  if (evidence.unfamiliarShare >= options.unfamiliarShare && best.similarity < options.unfamiliarMinSimilarity) return false;
  return true;
}

/** How many sentences an answer may have: one to three, more for "describe"/"why" questions. */
function sentenceBudget(expected: ExpectedAnswer): number {
  return expected === "overview" || expected === "reason" ? 3 : 2;
}

/**
 * Answers with sentences copied from the retrieved paragraphs, each followed by its citation marker,
 * or abstains when the evidence does not hold the answer.
 */
export function answerExtractively(passages: PassageStore, evidence: EvidenceSet, options: ExtractiveOptions = DEFAULT_EXTRACTIVE_OPTIONS): Answer {
  const chosen = chooseSentences(evidence, options);
  if (chosen.length === 0) return abstention();
  return composeAnswer(passages, chosen);
}

/**
 * Answers a question made of several questions ("which conflict, and when did it begin?") with the
 * best sentence for each part it can answer; abstains only when it can answer none.
 */
export function answerParts(passages: PassageStore, parts: EvidenceSet[], options: ExtractiveOptions = DEFAULT_EXTRACTIVE_OPTIONS): Answer {
  const chosen: Evidence[] = [];
  for (const part of parts) {
    const [best] = chooseSentences(part, options);
    if (best && !chosen.some((sentence) => sentence.row === best.row)) chosen.push(best);
  }
  return chosen.length === 0 ? abstention() : composeAnswer(passages, chosen);
}

function composeAnswer(passages: PassageStore, chosen: Evidence[]): Answer {
  // Sentences of one paragraph read in their original order.
  chosen.sort((a, b) => (a.paragraphId === b.paragraphId ? a.start - b.start : 0));
  return composeExtractive(
    passages,
    chosen.map((sentence) => ({ paragraphId: sentence.paragraphId, start: sentence.start, end: sentence.end, score: Math.max(0, sentence.similarity) })),
  );
}

/** The sentences an answer is made of, best first; none when the evidence does not hold the answer. */
export function chooseSentences(evidence: EvidenceSet, options: ExtractiveOptions): Evidence[] {
  const [best] = evidence.sentences;
  if (!best || !isAnswerable(evidence, options)) return [];
  const chosen: Evidence[] = [best];
  for (const candidate of evidence.sentences.slice(1)) {
    if (chosen.length >= sentenceBudget(evidence.expected)) break;
    // A further sentence must be nearly as good, of the asked-for kind, and not a repeat.
    if (candidate.score < best.score * options.followerRatio || candidate.typeMatch === false) continue;
    if (chosen.some((sentence) => sentence.text === candidate.text)) continue;
    chosen.push(candidate);
  }
  return chosen;
}
