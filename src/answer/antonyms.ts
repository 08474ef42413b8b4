import { indexTerm } from "../retrieve/terms.js";
import data from "./antonyms.json" with { type: "json" };
import { tagText } from "./question-type.js";

type Term = ReturnType<ReturnType<typeof tagText>["termList"]>[number];

/**
 * WordNet's direct antonyms ("open" ↔ "closed", "first" ↔ "last", "accelerate" ↔ "decelerate"),
 * as the lexical index's terms (stemmed), so a question's and a sentence's words compare as their
 * terms do. Pairs whose words share a term, or where one is a stop word, cannot contradict
 * anything and are left out. Built on first use: about 3,900 pairs, a few milliseconds.
 */
let table: Map<string, Set<string>> | undefined;

/** The set a key holds in a map of sets, made on first use. */
function setOf<K, V>(map: Map<K, Set<V>>, key: K): Set<V> {
  let set = map.get(key);
  if (!set) map.set(key, (set = new Set()));
  return set;
}

function antonymTable(): Map<string, Set<string>> {
  if (table) return table;
  table = new Map();
  for (const [a, b] of data.pairs as [string, string][]) {
    const termA = indexTerm(a);
    const termB = indexTerm(b);
    if (!termA || !termB || termA === termB) continue;
    setOf(table, termA).add(termB);
    setOf(table, termB).add(termA);
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

/** A text's words as the tagger reads them, by term. */
export interface TaggedWords {
  /**
   * The word classes of each term, under the term of each word and of its root too: "began" is
   * also "begin", "won" also "win" (the stemmer leaves irregular forms alone).
   */
  classes: Map<string, Set<WordClass>>;
  /** A word's term → its root's term, where they differ ("won" → "win"). */
  roots: Map<string, string>;
}

/**
 * Tags a text's words. A participle ("closed", "curved") and an ordinal ("first") read as
 * adjectives too: WordNet pairs them as adjectives, the tagger calls them verbs and values.
 */
export function tagWords(text: string): TaggedWords {
  const tagged: TaggedWords = { classes: new Map(), roots: new Map() };
  const view = tagText(text);
  view.compute("root");
  for (const word of view.termList() as (Term & { root?: string })[]) {
    const term = indexTerm(word.normal || word.text);
    if (!term) continue;
    const root = word.root ? indexTerm(word.root) : null;
    if (root && root !== term) tagged.roots.set(term, root);
    const tags = word.tags ?? new Set<string>();
    for (const of of [setOf(tagged.classes, term), ...(root ? [setOf(tagged.classes, root)] : [])]) {
      if (tags.has("Adjective") || tags.has("Ordinal")) of.add("adjective");
      if (tags.has("Verb")) of.add("verb");
      if (tags.has("Verb") && (tags.has("PastTense") || tags.has("Gerund") || tags.has("Participle"))) of.add("adjective");
      if (tags.has("Noun")) of.add("noun");
      if (tags.has("Adverb")) of.add("adverb");
    }
  }
  return tagged;
}

/**
 * Whether two texts use a term and its antonym in a common word class: "defended" (a verb) and
 * "the attack" (a noun) do not contradict, though WordNet pairs the verbs. A word the tagger gives
 * no class counts as any.
 */
export function sharesWordClass(asked: ReadonlySet<WordClass> = new Set(), said: ReadonlySet<WordClass> = new Set()): boolean {
  return asked.size === 0 || said.size === 0 || [...asked].some((wordClass) => said.has(wordClass));
}
