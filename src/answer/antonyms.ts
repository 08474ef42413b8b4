import { indexTerm } from "../retrieve/terms.js";
import data from "./antonyms.json" with { type: "json" };
import { tagText } from "./question-type.js";

/**
 * WordNet's direct antonyms ("open" ↔ "closed", "first" ↔ "last", "accelerate" ↔ "decelerate"),
 * as the lexical index's terms (stemmed), so a question's and a sentence's words compare as their
 * terms do. Pairs whose words share a term, or where one is a stop word, cannot contradict
 * anything and are left out. Built on first use: about 3,300 pairs, a few milliseconds.
 */
let table: Map<string, Set<string>> | undefined;

function antonymTable(): Map<string, Set<string>> {
  if (table) return table;
  table = new Map();
  for (const [a, b] of data.pairs as [string, string][]) {
    const termA = indexTerm(a);
    const termB = indexTerm(b);
    if (!termA || !termB || termA === termB) continue;
    for (const [from, to] of [[termA, termB], [termB, termA]] as const) {
      let antonyms = table.get(from);
      if (!antonyms) table.set(from, (antonyms = new Set()));
      antonyms.add(to);
    }
  }
  return table;
}

const NONE: ReadonlySet<string> = new Set();

/** The terms WordNet gives as antonyms of a term ("open" → "close"), none for most. */
export function antonymTerms(term: string): ReadonlySet<string> {
  return antonymTable().get(term) ?? NONE;
}

/** A question term and an antonym of it: a sentence that says the antonym and not the term contradicts the question. */
export interface AntonymPair {
  asked: string;
  said: string;
}

/** The antonym pairs of a question's terms, leaving out an antonym the question says too ("open or closed?"). */
export function questionAntonyms(questionTerms: readonly string[]): AntonymPair[] {
  const asked = new Set(questionTerms);
  return questionTerms.flatMap((term) => [...antonymTerms(term)].filter((said) => !asked.has(said)).map((said) => ({ asked: term, said })));
}

export type WordClass = "adjective" | "verb" | "noun" | "adverb";

/**
 * The word classes a text gives each of its terms, from the tagger's tags. A participle ("closed",
 * "curved") and an ordinal ("first") read as adjectives too: WordNet pairs them as adjectives, the
 * tagger calls them verbs and values.
 */
export function wordClasses(text: string): Map<string, Set<WordClass>> {
  const classes = new Map<string, Set<WordClass>>();
  for (const word of tagText(text).termList()) {
    const term = indexTerm(word.normal || word.text);
    if (!term) continue;
    let of = classes.get(term);
    if (!of) classes.set(term, (of = new Set()));
    const tags = word.tags ?? new Set<string>();
    if (tags.has("Adjective") || tags.has("Ordinal")) of.add("adjective");
    if (tags.has("Verb")) of.add("verb");
    if (tags.has("Verb") && (tags.has("PastTense") || tags.has("Gerund") || tags.has("Participle"))) of.add("adjective");
    if (tags.has("Noun")) of.add("noun");
    if (tags.has("Adverb")) of.add("adverb");
  }
  return classes;
}

/**
 * Whether two texts use a term and its antonym in a common word class: "defended" (a verb) and
 * "the attack" (a noun) do not contradict, though WordNet pairs the verbs. A word the tagger gives
 * no class counts as any.
 */
export function sharesWordClass(asked: ReadonlySet<WordClass> = new Set(), said: ReadonlySet<WordClass> = new Set()): boolean {
  return asked.size === 0 || said.size === 0 || [...asked].some((wordClass) => said.has(wordClass));
}
