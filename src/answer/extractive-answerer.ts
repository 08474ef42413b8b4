import type { PassageStore } from "../store/passage-store.js";
import type { AnswerOptions } from "./answer-options.js";
import { composeExtractive } from "./compose.js";
import { isAnswerSentence } from "./follow-on.js";
import { compareEvidence, type Evidence, type EvidenceSet } from "./evidence.js";
import { ABSTENTION_TEXT, type Answer } from "./types.js";

export function abstention(confidence = 0, notMentioned: string[] = []): Answer {
  return { answer: ABSTENTION_TEXT, citations: [], abstained: true, confidence, ...(notMentioned.length > 0 ? { notMentioned } : {}) };
}

/** Log-odds of a probability, bounded so 0 and 1 stay finite. */
export const logit = (p: number) => Math.log(Math.max(1e-6, p) / Math.max(1e-6, 1 - p));
const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));

/** What the verifier decision weighs for the sentence an answer would quote (see `confidenceOf`). */
export interface DecisionFeatures {
  verifierLogit: number;
  missingTerms: number;
  evidence: number;
  wordDropGain: number;
}

/** A sentence's decision features, given its verifier score; a sentence the word-drop probe did not read counts no rise. */
export function decisionFeatures(best: Evidence, verified: number): DecisionFeatures {
  return { verifierLogit: logit(verified), missingTerms: best.missingTerms, evidence: best.score, wordDropGain: best.wordDropGain ?? 0 };
}

/** The decision's score in features, its confidence's log-odds. */
export function decisionScore(decision: AnswerOptions["verifier"]["decision"], features: DecisionFeatures): number {
  return decision.bias + decision.verifierLogit * features.verifierLogit + decision.missingTerms * features.missingTerms + decision.evidence * features.evidence + decision.wordDropGain * features.wordDropGain;
}

/** The decision's confidence in features: the one formula answering and calibration share. */
export function decisionConfidence(decision: AnswerOptions["verifier"]["decision"], features: DecisionFeatures): number {
  return sigmoid(decisionScore(decision, features));
}

/**
 * How sure the answer is, 0–1. With the verifier: its best score, combined with the share of the
 * question's terms that the answer's paragraph never mentions (a question about another name or
 * number than the text's), the evidence score, and how much the verifier's score rises with one
 * word of the question left out (a word the sentence does not support). Without it: the best
 * evidence score.
 */
export function confidenceOf(best: Evidence | undefined, options: AnswerOptions): number {
  if (!best) return 0;
  if (best.verified === undefined) return Math.max(0, Math.min(1, best.score));
  return decisionConfidence(options.verifier.decision, decisionFeatures(best, best.verified));
}

/** A verified sentence's rank: its evidence score and the verifier's, blended. */
export function blendedScore(sentence: Evidence, options: AnswerOptions): number {
  const { blend } = options.verifier;
  return (1 - blend) * sentence.score + blend * (sentence.verified ?? 0);
}

/**
 * The sentences an answer can be made of, best first; only prose (never a fence, a badge or markup)
 * may be chosen, which `chooseSentences` checks of the few it reads rather than of every one.
 */
function candidatesOf(evidence: EvidenceSet, options: AnswerOptions): Evidence[] {
  const verified = evidence.sentences.filter((sentence) => sentence.verified !== undefined);
  return verified.length > 0 ? [...verified].sort((a, b) => blendedScore(b, options) - blendedScore(a, options) || compareEvidence(a, b)) : evidence.sentences;
}

/** The best sentence an answer could be made of, which the confidence and the rules judge. */
export function bestCandidate(evidence: EvidenceSet, options: AnswerOptions): Evidence | undefined {
  return bestOf(candidatesOf(evidence, options));
}

function bestOf(candidates: Evidence[]): Evidence | undefined {
  return candidates.find((candidate) => isAnswerSentence(candidate.text));
}

/**
 * The sentences an answer is made of, in reading order, and the confidence behind them; none when
 * the evidence does not hold the answer. Short by design: the best sentence, and at most its
 * neighbour in the same paragraph when that one scores nearly as well (it usually completes it).
 */
export function chooseSentences(evidence: EvidenceSet, options: AnswerOptions): { chosen: Evidence[]; confidence: number } {
  const candidates = candidatesOf(evidence, options);
  const best = bestOf(candidates);
  const confidence = confidenceOf(best, options);
  if (!best) return { chosen: [], confidence };
  const verifying = best.verified !== undefined;
  // A rule that rules the answer out leaves no confidence in it at all.
  if (ruledOut(best, evidence)) return { chosen: [], confidence: 0 };
  if (verifying ? confidence < options.verifier.threshold : best.score < options.heuristic.minScore) return { chosen: [], confidence };
  const neighbour = candidates.find(
    (candidate) =>
      candidate.paragraphId === best.paragraphId &&
      Math.abs(candidate.row - best.row) === 1 &&
      (verifying ? (candidate.verified as number) >= best.verified! * options.verifier.followerRatio : candidate.score >= best.score * options.heuristic.followerRatio && candidate.typeMatch !== false) &&
      isAnswerSentence(candidate.text),
  );
  const chosen = neighbour ? [best, neighbour].sort((a, b) => a.row - b.row) : [best];
  return { chosen, confidence };
}

/**
 * Whether the answer is ruled out whatever the scores: the question names something no document
 * mentions, or the best sentence lacks the kind of fact asked for.
 */
export function ruledOut(best: Evidence, evidence: EvidenceSet): boolean {
  return evidence.unknownNames.length > 0 || lacksAskedFact(best, evidence) || best.contradicts !== undefined;
}

/**
 * A "when" or "how many" question answered by a sentence with no time or amount in it: that
 * sentence does not say what was asked (measured on the SQuAD dev articles with the verifier: 17
 * of 849 unanswerable questions caught, 5 of 856 answerable ones lost).
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
  if (chosen.length === 0) return abstention(confidence, evidence.unknownNames);
  return { ...composeAnswer(passages, chosen), confidence };
}

/**
 * Answers a question made of several questions ("which conflict, and when did it begin?") with the
 * best sentence for each part it can answer; abstains when it can answer none, or when one part
 * names what no document mentions: the other parts are usually about the same thing ("Who founded
 * Cassandra, and when was it released?"), and answering them from other passages would mislead.
 */
export function answerParts(passages: PassageStore, parts: EvidenceSet[], options: AnswerOptions): Answer {
  const notMentioned = [...new Set(parts.flatMap((part) => part.unknownNames))];
  if (notMentioned.length > 0) return abstention(0, notMentioned);
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
