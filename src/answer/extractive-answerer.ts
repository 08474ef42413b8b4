import type { PassageStore } from "../store/passage-store.js";
import type { AnswerOptions } from "./answer-options.js";
import { composeExtractive } from "./compose.js";
import { isAnswerSentence } from "./follow-on.js";
import { compareEvidence, type Evidence, type EvidenceSet } from "./evidence.js";
import { ABSTENTION_TEXT, type Answer } from "./types.js";

export function abstention(confidence = 0): Answer {
  return { answer: ABSTENTION_TEXT, citations: [], abstained: true, confidence };
}

const logit = (p: number) => Math.log(Math.max(1e-6, p) / Math.max(1e-6, 1 - p));
const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));

/**
 * How sure the answer is, 0–1. With the verifier: its best score, combined with the share of the
 * question's terms that the answer's paragraph never mentions (a question about another name or
 * number than the text's). Without it: the best evidence score.
 */
export function confidenceOf(best: Evidence | undefined, options: AnswerOptions): number {
  if (!best) return 0;
  if (best.verified === undefined) return Math.max(0, Math.min(1, best.score));
  const { bias, verifierLogit, missingTerms, evidence } = options.verifier.decision;
  return sigmoid(bias + verifierLogit * logit(best.verified) + missingTerms * best.missingTerms + evidence * best.score);
}

/** A verified sentence's rank: its evidence score and the verifier's, blended. */
export function blendedScore(sentence: Evidence, options: AnswerOptions): number {
  const { blend } = options.verifier;
  return (1 - blend) * sentence.score + blend * (sentence.verified ?? 0);
}

/** The sentences an answer can be made of: prose (never a fence, a badge or markup), best first. */
function candidatesOf(evidence: EvidenceSet, options: AnswerOptions): Evidence[] {
  const verified = evidence.sentences.filter((sentence) => sentence.verified !== undefined);
  const pool = verified.length > 0 ? [...verified].sort((a, b) => blendedScore(b, options) - blendedScore(a, options) || compareEvidence(a, b)) : evidence.sentences;
  return pool.filter((sentence) => isAnswerSentence(sentence.text));
}

/**
 * The sentences an answer is made of, in reading order, and the confidence behind them; none when
 * the evidence does not hold the answer. Short by design: the best sentence, and at most its
 * neighbour in the same paragraph when that one scores nearly as well (it usually completes it).
 */
export function chooseSentences(evidence: EvidenceSet, options: AnswerOptions): { chosen: Evidence[]; confidence: number } {
  const candidates = candidatesOf(evidence, options);
  const [best] = candidates;
  const confidence = confidenceOf(best, options);
  if (!best) return { chosen: [], confidence };
  const verifying = best.verified !== undefined;
  if ((verifying ? confidence < options.verifier.threshold : best.score < options.heuristic.minScore) || lacksAskedFact(best, evidence)) return { chosen: [], confidence };
  const neighbour = candidates.find(
    (candidate) =>
      candidate.paragraphId === best.paragraphId &&
      Math.abs(candidate.row - best.row) === 1 &&
      (verifying ? (candidate.verified as number) >= best.verified! * options.verifier.followerRatio : candidate.score >= best.score * options.heuristic.followerRatio && candidate.typeMatch !== false),
  );
  const chosen = neighbour ? [best, neighbour].sort((a, b) => a.row - b.row) : [best];
  return { chosen, confidence };
}

/**
 * A "when" or "how many" question answered by a sentence with no time or amount in it: whatever
 * the scores, that sentence does not say what was asked (measured on the SQuAD dev articles with the
 * verifier: 17 of 849 unanswerable questions caught, 5 of 856 answerable ones lost).
 */
function lacksAskedFact(best: Evidence, evidence: EvidenceSet): boolean {
  return (evidence.expected === "time" || evidence.expected === "quantity") && best.typeMatch === false;
}

/**
 * Answers with sentences copied from the retrieved paragraphs, each followed by its citation marker,
 * or abstains when the evidence does not hold the answer.
 */
export function answerExtractively(passages: PassageStore, evidence: EvidenceSet, options: AnswerOptions): Answer {
  const { chosen, confidence } = chooseSentences(evidence, options);
  if (chosen.length === 0) return abstention(confidence);
  return { ...composeAnswer(passages, chosen), confidence };
}

/**
 * Answers a question made of several questions ("which conflict, and when did it begin?") with the
 * best sentence for each part it can answer; abstains only when it can answer none.
 */
export function answerParts(passages: PassageStore, parts: EvidenceSet[], options: AnswerOptions): Answer {
  const chosen: Evidence[] = [];
  let confidence = 0;
  for (const part of parts) {
    const result = chooseSentences(part, options);
    confidence = Math.max(confidence, result.confidence);
    const [best] = result.chosen;
    if (best && !chosen.some((sentence) => sentence.row === best.row)) chosen.push(best);
  }
  return chosen.length === 0 ? abstention(confidence) : { ...composeAnswer(passages, chosen), confidence };
}

function composeAnswer(passages: PassageStore, chosen: Evidence[]): Omit<Answer, "confidence"> {
  return composeExtractive(
    passages,
    chosen.map((sentence) => ({ paragraphId: sentence.paragraphId, start: sentence.start, end: sentence.end, score: Math.max(0, sentence.verified ?? sentence.similarity) })),
  );
}
