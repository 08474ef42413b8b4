import { indexTerm } from "../retrieve/terms.js";
import { MONTH, ORDINAL_WORDS } from "./answer-kinds.js";

/** How a number is written, so only like compares with like: a century with a century, a count with a count. */
export type NumberKind = "ordinal" | "decade" | "year" | "cardinal" | "version" | "day" | "clock";

/** A number a text states: its value, its kind and, for a count or a rank, the words beside it ("20 years", "Third Law"). */
export interface StatedNumber {
  value: string;
  kind: NumberKind;
  near: string[];
}

// "one" is left out: "one of the…" is more often a pronoun than a count.
const CARDINALS = ["two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen", "twenty"];
const WORDS = new Map<string, [value: string, kind: NumberKind]>([
  ...CARDINALS.map((word, i): [string, [string, NumberKind]] => [word, [String(i + 2), "cardinal"]]),
  ...ORDINAL_WORDS.map((word, i): [string, [string, NumberKind]] => [word, [String(i + 1), "ordinal"]]),
]);
/** A day beside a month ("June 30", "5th of May"), any other number in digits ("2,000", "19th", "1950s", "4.0.0", "6:15"), or a word. */
const START = String.raw`(?<![\p{L}\p{N}])`;
const END = String.raw`(?![\p{L}\p{N}])`;
const TOKEN = new RegExp(
  [
    String.raw`(?<=${START}${MONTH}\s)(\d{1,2})(?:st|nd|rd|th)?${END}(?!\s*:)`,
    String.raw`${START}(\d{1,2})(?=(?:st|nd|rd|th)?\s+(?:of\s+)?${MONTH}${END})`,
    String.raw`${START}(\d[\d,]*(?:[.:]\d+)*)(st|nd|rd|th|s)?${END}`,
    String.raw`${START}\p{L}+${END}`,
  ].join("|"),
  "giu",
);
/** "1939–45": the second year of a range written with its century left out. */
const SHORT_RANGE = /(?<!\d)(1\d|20)(\d\d)\s*[–—-]\s*(\d\d)(?!\d)/g;
const NONE: readonly StatedNumber[] = Object.freeze([]);
/** Counts and ranks are compared only when they count or rank the same thing. */
const COUNTED: ReadonlySet<NumberKind> = new Set(["cardinal", "ordinal"]);

/**
 * The numbers a text states, with the kind each is written as: an ordinal ("19th" and
 * "nineteenth" are 19), a decade ("1950s"), a year (four digits from 1000 to 2999, no thousands
 * comma), a version ("4.0.0"), a day of a month ("June 30", "5th of May"), a time of day ("6:15")
 * or a count ("2,000" and "2000" are one value). A count or a rank carries the terms of the words
 * just before and after it.
 */
export function statedNumbers(text: string): readonly StatedNumber[] {
  const tokens: { word: string; number?: Omit<StatedNumber, "near"> }[] = [];
  for (const [word, dayAfter, dayBefore, digits, suffix] of text.toLowerCase().replace(SHORT_RANGE, "$1$2–$1$3").matchAll(TOKEN)) {
    const day = dayAfter ?? dayBefore;
    if (day !== undefined) tokens.push({ word, number: { value: day, kind: "day" } });
    else if (digits !== undefined) tokens.push({ word, number: numberOf(digits, suffix) });
    else {
      const named = WORDS.get(word);
      tokens.push(named ? { word, number: { value: named[0], kind: named[1] } } : { word });
    }
  }
  if (!tokens.some((token) => token.number)) return NONE;
  return tokens.flatMap(({ number }, i) => {
    if (!number) return [];
    const beside = COUNTED.has(number.kind) ? [tokens[i - 1], tokens[i + 1]] : [];
    const near = beside.flatMap((token) => (token && !token.number && token.word.length > 1 ? [indexTerm(token.word)].filter((term): term is string => term !== null) : []));
    return [{ ...number, near }];
  });
}

function numberOf(digits: string, suffix: string | undefined): Omit<StatedNumber, "near"> {
  const value = digits.replace(/,/g, "");
  if (suffix === "s") return { value: `${value}s`, kind: "decade" };
  if (suffix) return { value, kind: "ordinal" };
  if (value.includes(":")) return { value, kind: "clock" };
  if (/\.\d+\./.test(value)) return { value, kind: "version" };
  return { value, kind: /^[12]\d{3}$/.test(digits) ? "year" : "cardinal" };
}

/**
 * A number of one kind the question asks about, when a sentence states none of the question's
 * numbers of that kind, nor do the sentences before it in its paragraph (they often set its year:
 * "On May 24, 2021, … Goïta announced that elections would be held in 2022"), while the sentence
 * states another of that kind — for a count or a rank, of the same thing: "In the 19th century…?"
 * against "In the 20th century…", "Newton's Third Law…?" against "Newton's Second Law…", but not
 * "in the past 20 years" against "in the last two decades". The sentence is about another year,
 * rank or count than any asked about; a question about two years ("the 2011 battle and the 2015
 * raid") is answered in part by a sentence about one, and a year between two the sentence states
 * counts as stated. The earlier sentences are read only for a sentence that would otherwise
 * contradict.
 */
export function numberSwap(asked: readonly StatedNumber[], sentence: readonly StatedNumber[], earlier: () => readonly StatedNumber[]): { asked: string; said: string } | undefined {
  let around: readonly StatedNumber[] | undefined;
  const stated = (number: StatedNumber) => says(sentence, number) || says((around ??= [...sentence, ...earlier()]), number);
  for (const number of asked) {
    if (number.kind === "day") continue;
    const said = sentence.find((other) => other.kind === number.kind && other.value !== number.value && (!COUNTED.has(number.kind) || other.near.some((term) => number.near.includes(term))));
    if (!said || asked.some((other) => other.kind === number.kind && stated(other))) continue;
    return { asked: number.value, said: said.value };
  }
  return undefined;
}

/**
 * Whether numbers state a number's value, or, for a year, two years around it: "between 1939 and
 * 1945", "(1939–45)" or "in 1939, … in 1945" may all speak of 1942.
 */
function says(numbers: readonly StatedNumber[], number: StatedNumber): boolean {
  if (numbers.some((other) => other.value === number.value)) return true;
  if (number.kind !== "year") return false;
  const years = numbers.filter((other) => other.kind === "year").map((other) => Number(other.value));
  return years.length > 1 && Math.min(...years) < Number(number.value) && Number(number.value) < Math.max(...years);
}
