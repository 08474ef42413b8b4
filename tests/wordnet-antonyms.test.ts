import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readAntonyms } from "../scripts/wordnet-antonyms.js";

// Lines in WordNet's wndb(5WN) format, shortened from WordNet 3.1's own (glosses cut, offsets kept
// consistent within each file): the data files open with a license header indented by two spaces.
const FILES = {
  "data.adj": [
    "  1 This software and database is being provided to you, the LICENSEE, by",
    "01385012 00 a 02 large 0 big 1 002 ! 01394303 a 0101 ! 01394303 a 0202 | above average in size",
    "01394303 00 a 02 small 0 little(p) 1 002 ! 01385012 a 0101 ! 01385012 a 0202 | limited in size",
  ],
  "data.verb": [
    "  1 This software and database is being provided to you, the LICENSEE, by",
    "00004227 29 v 03 exhale 0 expire 0 breathe_out 0 002 ! 00005041 v 0101 ! 00005041 v 0303 02 + 02 00 | expel air",
    "00005041 29 v 03 inhale 0 inspire 0 breathe_in 0 002 ! 00004227 v 0101 ! 00004227 v 0303 02 + 02 00 | draw in air",
  ],
  "data.noun": ["  1 This software and database is being provided to you, the LICENSEE, by"],
  "data.adv": ["  1 This software and database is being provided to you, the LICENSEE, by"],
};

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), "wordnet-"));
  for (const [name, lines] of Object.entries(FILES)) await writeFile(path.join(dir, name), lines.join("\n") + "\n");
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe("readAntonyms", () => {
  it("follows each lexical antonym pointer from its source word to its target word", async () => {
    const antonyms = await readAntonyms(dir);
    expect([...(antonyms.get("a")?.get("large") ?? [])]).toEqual(["small"]);
    expect([...(antonyms.get("a")?.get("big") ?? [])]).toEqual(["little"]); // "(p)" marker dropped
    expect([...(antonyms.get("v")?.get("inhale") ?? [])]).toEqual(["exhale"]);
  });

  it("keeps single words only and files each pair under its part of speech", async () => {
    const antonyms = await readAntonyms(dir);
    expect(antonyms.get("v")?.has("breathe_in")).toBe(false);
    expect(antonyms.get("v")?.has("large")).toBe(false);
    expect(antonyms.get("n")?.size).toBe(0);
  });
});
