import { distance } from "fastest-levenshtein";
import { typoEdits } from "../retrieve/lexical-index.js";
import { casedWords, indexTerm, tokenize } from "../retrieve/terms.js";

/** A capitalised word of three letters or more, as a name is written; not "Sr" or "I". */
const CAPITALISED = /^\p{Lu}\p{L}{2}/u;
/** Two capitals or more: an acronym or an identifier ("LDAP", "gRPC", "SharePoint"). */
const CAPITALS = /\p{Lu}.*\p{Lu}/u;
const LETTER_AND_DIGIT = /\p{L}.*\p{N}|\p{N}.*\p{L}/u;
/** What ends a sentence: the next word is capitalised for that reason alone. */
const SENTENCE_END = /[.!?:;]["'’”)\]]*\s*$/u;
/** "I'm", "I’ll": the pronoun's contractions are capitalised whatever the sentence. */
const PRONOUN_I = /^I['’]/u;

/**
 * The words of a question that name something, by how they are written: a capitalised word of
 * three letters or more that does not start a sentence ("Cassandra", "Terraform"), two capitals or
 * more ("LDAP", "gRPC", "SharePoint") and letters with digits ("HTTP2", "21st"). Words are split as
 * the index splits them. Numbers alone are left out: a question often brings its own ("port 8080",
 * "a 413 error"). A question in Title Case says nothing by its capitals, and one in capitals
 * nothing by those either.
 */
export function questionNames(question: string): string[] {
  const words = casedWords(question);
  // Title Case: nearly every word after the first capitalised, short ones ("to", "in") aside.
  const long = words.slice(1).filter(([word]) => /\p{L}{3}/u.test(word));
  const titleCase = long.length >= 3 && long.filter(([word]) => /^\p{Lu}/u.test(word)).length / long.length >= 0.8;
  const letters = question.match(/\p{L}/gu) ?? [];
  const shouting = letters.length > 0 && (question.match(/\p{Lu}/gu) ?? []).length / letters.length >= 0.8;
  return words
    .filter(({ 0: word, index = 0, input = "" }) => {
      if (PRONOUN_I.test(word)) return false;
      const startsSentence = index === 0 || SENTENCE_END.test(input.slice(0, index));
      return (!titleCase && !shouting && !startsSentence && CAPITALISED.test(word)) || (!shouting && CAPITALS.test(word)) || LETTER_AND_DIGIT.test(word);
    })
    .map(([word]) => word);
}

/** What the retrieved passages offer to recognise a name by. */
export interface RetrievedPassages {
  /** Content terms of the passages, their titles and sections. */
  terms: ReadonlySet<string>;
  /** Text of the passages with their titles, for acronyms spelled out there. */
  texts: readonly string[];
}

/** What the documents offer to recognise a name by: every term they use, and the passages retrieved for the question. */
export interface NameSources {
  /** Whether any document uses this content term (stemmed, as the lexical index stores it). */
  corpusHas(term: string): boolean;
  /** Read only when a name is not in the corpus: most names are, so most questions never gather them. */
  retrieved(): RetrievedPassages;
}

/** A name of the question and its content term as the lexical index stores it. */
export interface QuestionName {
  name: string;
  term: string;
}

/** The question's names with their terms; a name that is a stop word ("The", "What") has none and is left out. */
export function questionNameTerms(question: string): QuestionName[] {
  return questionNames(question).flatMap((name) => {
    const [token] = tokenize(name);
    const term = token ? indexTerm(token) : null;
    return term ? [{ name, term }] : [];
  });
}

/**
 * Whether the terms hold this one or a form of it: within the edits BM25 forgives a typo
 * ("goverment"), two letters swapped ("solznic" for "solzinc"), or one word the start of the other
 * ("medal" and "medalist", "palestin" and "palestinian": the stemmer leaves such pairs apart).
 */
export function mentions(terms: ReadonlySet<string>, term: string): boolean {
  if (terms.has(term)) return true;
  const edits = typoEdits(term);
  for (const known of terms) {
    if (edits > 0 && Math.abs(known.length - term.length) <= edits && distance(known, term) <= edits) return true;
    if (swapsTwoLetters(known, term) || startsWith(known, term) || startsWith(term, known)) return true;
  }
  return false;
}

/**
 * A word of five letters or more is read as the stem of a word it starts with up to three more
 * letters ("canada", "canadian"); a longer tail makes another word ("share", "sharepoint").
 */
const MIN_STEM = 5;
const MAX_ENDING = 3;

function startsWith(word: string, start: string): boolean {
  return start.length >= MIN_STEM && word.length > start.length && word.length - start.length <= MAX_ENDING && word.startsWith(start) && !/\d/.test(start);
}

/** Whether two words of four letters or more differ only by two neighbouring letters swapped. */
function swapsTwoLetters(a: string, b: string): boolean {
  if (a.length !== b.length || a.length < 4) return false;
  let at = 0;
  while (at < a.length && a[at] === b[at]) at++;
  return at < a.length - 1 && a[at] === b[at + 1] && a[at + 1] === b[at] && a.slice(at + 2) === b.slice(at + 2);
}

/**
 * The names of a question that the documents never mention: the documents cannot say anything
 * about Cassandra, say, if no document uses the word. A misspelt name counts as mentioned when a
 * retrieved passage holds a term within the edits BM25 tolerates, and an acronym when a retrieved
 * passage spells it out ("UAE": "United Arab Emirates").
 */
export function unknownNames(names: QuestionName[], sources: NameSources): string[] {
  const unfamiliar = names.filter(({ term }) => !sources.corpusHas(term));
  if (unfamiliar.length === 0) return [];
  const { terms, texts } = sources.retrieved();
  return unfamiliar.filter(({ name, term }) => !mentions(terms, term) && !spelledOutIn(texts, name)).map(({ name }) => name);
}

/** Whether one of the texts spells the name out, when it is an acronym. */
function spelledOutIn(texts: readonly string[], name: string): boolean {
  const acronym = acronymOf(name);
  return acronym !== undefined && texts.some((text) => spellsOut(text, acronym));
}

const ACRONYM = /^\p{Lu}{2,8}$/u;

/** The acronym a name is, without a possessive or plural ending ("UAE's", "APIs"), if it is one. */
function acronymOf(name: string): string | undefined {
  const bare = name.replace(/['’]s$/u, "").replace(/(?<=\p{Lu})s$/u, "");
  return ACRONYM.test(bare) ? bare : undefined;
}

/** Whether the text holds consecutive capitalised words whose initials spell the acronym; "of", "and", "the" between them are skipped. */
function spellsOut(text: string, acronym: string): boolean {
  const letters = [...acronym];
  const words = text.match(/[\p{L}]+/gu) ?? [];
  for (let start = 0; start < words.length; start++) {
    let matched = 0;
    for (let at = start; at < words.length && matched < letters.length; at++) {
      const word = words[at] as string;
      if (matched > 0 && /^\p{Ll}{1,3}$/u.test(word)) continue;
      if (word[0] !== letters[matched]) break;
      matched++;
    }
    if (matched === letters.length) return true;
  }
  return false;
}
