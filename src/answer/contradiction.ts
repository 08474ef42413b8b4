import { questionAntonyms, sharesWordClass, tagWords, type TaggedWords } from "./antonyms.js";
import { numberSwap, statedNumbers, type StatedNumber } from "./stated-numbers.js";

/** What the question asks about and what a sentence says in its place. */
export interface Contradiction {
  asked: string;
  said: string;
}

/** What a contradiction check reads of a sentence, each part only when it needs it. */
export interface SentenceToCheck {
  terms: ReadonlySet<string>;
  numbers: () => readonly StatedNumber[];
  /** The numbers of the sentences before it in its paragraph, which often set its year. */
  earlierNumbers: () => readonly StatedNumber[];
  tagged: () => TaggedWords;
}

/**
 * A check of sentences against a question, or none when the question has nothing a sentence could
 * contradict (most questions: no word with an antonym, no number). A sentence contradicts the
 * question when it says the opposite of a word the question asks about and never the word itself,
 * in the same word class ("When was the library closed?" against "The library was opened in
 * 2002"; see antonyms.ts), or states another year, rank or count than the one asked about
 * (stated-numbers.ts). SQuAD 2.0 writes its unanswerable questions this way among others
 * (antonyms and swapped entities, Rajpurkar et al. 2018, table 2), and a reader that matches the
 * other words takes such a sentence for the answer.
 */
export function contradictionCheck(question: string, questionTerms: readonly string[]): ((sentence: SentenceToCheck) => Contradiction | undefined) | undefined {
  const antonyms = questionAntonyms(questionTerms);
  const numbers = statedNumbers(question);
  if (antonyms.length === 0 && numbers.length === 0) return undefined;
  let asked: TaggedWords | undefined;
  // The word asked about is said when the sentence has its term, or a word whose root's term is its
  // term or its root's ("began" for "begin", "wins" for "won").
  const says = (sentence: SentenceToCheck, term: string) => {
    if (sentence.terms.has(term)) return true;
    const root = (asked ??= tagWords(question)).roots.get(term);
    return [term, ...(root ? [root] : [])].some((form) => sentence.terms.has(form) || sentence.tagged().classes.has(form));
  };
  return (sentence) => {
    // Tagging is for the few sentences whose terms already contradict the question.
    const opposite = antonyms.find(
      (pair) =>
        sentence.terms.has(pair.said) &&
        !says(sentence, pair.asked) &&
        sharesWordClass((asked ??= tagWords(question)).classes.get(pair.asked), sentence.tagged().classes.get(pair.said)),
    );
    if (opposite || numbers.length === 0) return opposite;
    return numberSwap(numbers, sentence.numbers(), sentence.earlierNumbers);
  };
}
