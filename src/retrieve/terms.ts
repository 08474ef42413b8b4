import { LRUCache } from "lru-cache";
import { stemmer } from "stemmer";
import { eng } from "stopword";
import { canonicalWord } from "./canonical-words.js";

/** Question words and fillers that carry no topic on top of the usual English stop words. */
const EXTRA_STOP_WORDS = [
  "what", "whats", "who", "whos", "whom", "whose", "which", "when", "where", "why", "how", "hows",
  "tell", "describe", "explain", "please", "did", "does", "do", "happen", "happened", "know", "anything",
  "many", "much", "also", "kind", "sort", "type", "roughly", "approximately", "about", "exactly", "overall",
];
const STOP_WORDS = new Set([...eng, ...EXTRA_STOP_WORDS]);

/** Folds accents (NFKD, marks dropped) so "Ménaka" matches "Menaka", however the text composed them; case is kept. */
function foldAccents(text: string): string {
  return text.normalize("NFKD").replace(/[\u0300-\u036f]/g, "");
}

/** Lower-cases and folds accents so "Ménaka" matches "Menaka". */
export function foldText(text: string): string {
  return foldAccents(text).toLowerCase();
}

const TOKEN = /[\p{L}\p{N}]+(?:[.,:'’][\p{L}\p{N}]+)*/gu;
/** Where a camelCase identifier turns to its next word: "body|Limit", "HTTP|Server", "v2|Beta". */
const CAMEL_BOUNDARY = /(?<=[\p{Ll}\p{N}])(?=\p{Lu})|(?<=\p{Lu})(?=\p{Lu}\p{Ll})/u;
const HAS_CAMEL_BOUNDARY = /[\p{Ll}\p{N}]\p{Lu}|\p{Lu}\p{Lu}\p{Ll}/u;

/** The words of a text as `tokenize` splits them, accents folded and case kept, with their offsets in the folded text. */
export function casedWords(text: string): RegExpMatchArray[] {
  const folded = foldAccents(text);
  return [...folded.matchAll(TOKEN)];
}

/**
 * Word tokens, accents folded and lower-cased; numbers such as "2,800" or "6:15" stay whole. A
 * camelCase identifier also gives its words ("bodyLimit": bodylimit, body, limit), so a question that
 * writes "body limit" finds the option documented as `bodyLimit`, and one that writes the identifier
 * still matches it whole. Case is folded after the split, the accents once for the whole text.
 */
export function tokenize(text: string): string[] {
  const folded = foldAccents(text);
  // Most text holds no identifier: one match over it, as before identifiers were split.
  if (!HAS_CAMEL_BOUNDARY.test(folded)) return folded.toLowerCase().match(TOKEN) ?? [];
  const tokens: string[] = [];
  for (const token of folded.match(TOKEN) ?? []) {
    const lower = token.toLowerCase();
    tokens.push(lower);
    if (lower !== token && HAS_CAMEL_BOUNDARY.test(token)) for (const word of token.split(CAMEL_BOUNDARY)) tokens.push(word.toLowerCase());
  }
  return tokens;
}

/**
 * indexTerm's results by token ("" for a stop word). A corpus repeats its words, and the lexical
 * index and the term statistics read the same text: building both stemmed each token again and
 * again at every start. The bound keeps a huge vocabulary from growing it without end.
 */
const indexTerms = new LRUCache<string, string>({ max: 100_000 });

/** A token as the lexical index stores it: stemmed, or null for a stop word. */
export function indexTerm(token: string): string | null {
  let term = indexTerms.get(token);
  if (term === undefined) indexTerms.set(token, (term = stemmedTerm(token) ?? ""));
  return term || null;
}

function stemmedTerm(token: string): string | null {
  const folded = canonicalWord(foldText(token).replace(/['’]s$/, ""));
  if (STOP_WORDS.has(folded)) return null;
  return /^\p{N}/u.test(folded) ? folded.replace(/,/g, "") : stemmer(folded);
}

/** The distinct content terms of a text, stemmed, in order of first appearance. */
export function contentTerms(text: string): string[] {
  const terms = new Set<string>();
  for (const token of tokenize(text)) {
    const term = indexTerm(token);
    if (term) terms.add(term);
  }
  return [...terms];
}
