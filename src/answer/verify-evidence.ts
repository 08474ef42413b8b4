import type { PassageStore } from "../store/passage-store.js";
import type { Verifier } from "../verifier/verifier.js";
import { verifierPassage } from "../verifier/verifier-input.js";
import type { EvidenceSet } from "./evidence.js";
import { isAnswerSentence } from "./follow-on.js";

/**
 * Has the verifier read the best `candidates` prose sentences of the evidence (one batch, so the
 * work per question is bounded) and records its score on each. Paragraphs are re-ranked by their
 * best verified sentence; those the verifier did not read keep their order after them.
 */
export async function verifyEvidence(
  evidence: EvidenceSet,
  passages: PassageStore,
  verifier: Verifier,
  question: string,
  options: { candidates: number; signal?: AbortSignal },
): Promise<EvidenceSet> {
  const chosen = evidence.sentences.filter((sentence) => isAnswerSentence(sentence.text)).slice(0, options.candidates);
  if (chosen.length === 0) return evidence;
  const pairs = chosen.map((sentence) => {
    const paragraph = passages.paragraphs.get(sentence.paragraphId);
    const title = (paragraph && passages.documents.get(paragraph.docId)?.title) ?? "";
    const rows = passages.sentenceRows.get(sentence.paragraphId) ?? [];
    const before = rows[rows.indexOf(sentence.row) - 1];
    return { question, passage: verifierPassage(sentence.text, { title, previous: before === undefined ? undefined : passages.sentenceText(before) }) };
  });
  const scores = await verifier.score(pairs, { signal: options.signal });
  const verified = new Map(chosen.map((sentence, i) => [sentence.row, scores[i] as number]));
  const sentences = evidence.sentences.map((sentence) => (verified.has(sentence.row) ? { ...sentence, verified: verified.get(sentence.row) } : sentence));
  const bestVerified = new Map<string, number>();
  for (const sentence of sentences) {
    if (sentence.verified !== undefined) bestVerified.set(sentence.paragraphId, Math.max(bestVerified.get(sentence.paragraphId) ?? 0, sentence.verified));
  }
  // Verified paragraphs first, by their best verified sentence; the rest keep their evidence order.
  const position = new Map(evidence.paragraphs.map((paragraph, i) => [paragraph.paragraphId, i]));
  const paragraphs = [...evidence.paragraphs].sort((a, b) => {
    const va = bestVerified.get(a.paragraphId);
    const vb = bestVerified.get(b.paragraphId);
    if (va !== undefined && vb !== undefined) return vb - va || (position.get(a.paragraphId) as number) - (position.get(b.paragraphId) as number);
    if (va !== undefined) return -1;
    if (vb !== undefined) return 1;
    return (position.get(a.paragraphId) as number) - (position.get(b.paragraphId) as number);
  });
  return { ...evidence, sentences, paragraphs };
}
