/** Month abbreviations people type ("jan 2013") for the names documents use. */
const MONTHS: [string, string][] = [
  ["jan", "january"], ["feb", "february"], ["mar", "march"], ["apr", "april"], ["jun", "june"], ["jul", "july"],
  ["aug", "august"], ["sep", "september"], ["sept", "september"], ["oct", "october"], ["nov", "november"], ["dec", "december"],
];

const CANONICAL = new Map(MONTHS);

/** One spelling for words that name the same thing: "jan" → "january". */
export function canonicalWord(word: string): string {
  return CANONICAL.get(word) ?? word;
}
