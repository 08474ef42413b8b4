import type { TermStats } from "../retrieve/term-stats.js";
import type { PassageStore } from "../store/passage-store.js";
import type { Verifier } from "../verifier/verifier.js";
import type { AnswerOptions } from "./answer-options.js";
import type { Evidence, EvidenceSet } from "./evidence.js";
import { bestCandidate, decisionFeatures, decisionScore, logit, ruledOut } from "./extractive-answerer.js";
import { mentions } from "./unknown-names.js";
import { candidatePassage } from "./verify-evidence.js";
import { withoutEachWord } from "./word-drop.js";

/**
 * Has the verifier read the best candidate sentence again against the question with each content
 * word left out in turn, and records on it the largest rise of its logit (`wordDropGain`). A
 * question about another name, thing or number than the sentence's ("When did Kraków become the
 * capital?" against the sentence about Warsaw) scores higher once that word is gone; for a
 * question the sentence answers the score rises less, if at all. Measured on the SQuAD dev
 * articles (README "Quality", "The word-drop probe"), this separates answerable from unanswerable
 * questions better than the verifier's own score. Only the sentence the decision judges is probed,
 * with at most `options.verifier.probes` variants, so the work per question stays bounded.
 */
export async function probeBest(
  evidence: EvidenceSet,
  passages: PassageStore,
  verifier: Verifier,
  question: { asked: string; context?: string },
  options: AnswerOptions,
  { stats, signal }: { stats: Pick<TermStats, "has" | "termsOfParagraph" | "termsOfContext">; signal?: AbortSignal },
): Promise<EvidenceSet> {
  const best = bestCandidate(evidence, options);
  if (options.verifier.probes === 0 || best?.verified === undefined || ruledOut(best, evidence) || probeCannotDecide(best, best.verified, options)) return evidence;
  // A misspelt word ("measurment") is one the verifier does not know, so leaving it out raised its
  // score for answerable questions: a word no document uses is left in when the sentence's
  // paragraph, title or section holds a form of it within the edits BM25 forgives (as
  // unknown-names.ts reads names).
  // Most questions' words are all in the corpus, so the paragraph's terms are gathered only when one is not.
  let near: Set<string> | undefined;
  const mayLeaveOut = (term: string) => stats.has(term) || !mentions((near ??= new Set([...stats.termsOfParagraph(best.paragraphId), ...stats.termsOfContext(best.paragraphId)])), term);
  // A follow-up keeps the questions it refers back to; only the words of its own question are left out.
  const variants = withoutEachWord(question.asked, options.verifier.probes, mayLeaveOut).map((variant) => (question.context ? `${question.context} ${variant}` : variant));
  const passage = candidatePassage(passages, best);
  const scores = variants.length > 0 ? await verifier.score(variants.map((variant) => ({ question: variant, passage })), { signal }) : [];
  // Negative when every word left out lowers the score; 0 for a question of stop words alone.
  const wordDropGain = scores.length > 0 ? Math.max(...scores.map((score) => logit(score) - logit(best.verified as number))) : 0;
  return { ...evidence, sentences: evidence.sentences.map((sentence) => (sentence.row === best.row ? { ...sentence, wordDropGain } : sentence)) };
}

/**
 * Whether the decision is the same whatever rise in `probeBand` the probe would give: the sentence
 * is then answered with (or abstained on) without reading it again, and its rise counts as none.
 * On the calibration and dev articles the band (−1 to 2) left two thirds of questions unprobed and
 * changed no decision (README "Speed").
 */
export function probeCannotDecide(best: Evidence, verified: number, options: AnswerOptions): boolean {
  const band = options.verifier.probeBand;
  if (!band) return false;
  const { decision, threshold } = options.verifier;
  const without = decisionScore(decision, { ...decisionFeatures(best, verified), wordDropGain: 0 });
  const [lowest, highest] = [decision.wordDropGain * band.low, decision.wordDropGain * band.high].sort((a, b) => a - b) as [number, number];
  return without + lowest >= logit(threshold) || without + highest < logit(threshold);
}
