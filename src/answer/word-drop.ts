import { indexTerm, tokenize } from "../retrieve/terms.js";

/**
 * The question with each of its content words left out in turn, first words first, at most
 * `limit` of them. Words are the question's own spaced words, so each variant reads as the question
 * with a gap. A stop word ("the", "did", "what") is never left out: its absence says nothing about
 * what a sentence supports; nor is a word whose content terms `mayLeaveOut` refuses.
 */
export function withoutEachWord(question: string, limit: number, mayLeaveOut: (term: string) => boolean = () => true): string[] {
  const words = question.split(/\s+/).filter(Boolean);
  const variants = new Set<string>();
  for (let i = 0; i < words.length && variants.size < limit; i++) {
    if (!tokenize(words[i] as string).some((token) => { const term = indexTerm(token); return term !== null && mayLeaveOut(term); })) continue;
    variants.add(words.filter((_, j) => j !== i).join(" "));
  }
  return [...variants];
}
