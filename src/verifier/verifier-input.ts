/**
 * The text a verifier reads for one candidate sentence: the sentence first, then its context (the
 * document title and the sentence before it) so "she" or "the group" keeps its referent. The
 * training data (scripts/verifier-data.ts) and the runtime build pairs with this one function, so
 * the model sees at run time exactly the shape it was trained on.
 */
export function verifierPassage(sentence: string, context: { title: string; previous?: string }): string {
  const previous = context.previous ? ` ${context.previous}` : "";
  return `${sentence} | ${context.title}.${previous}`;
}
