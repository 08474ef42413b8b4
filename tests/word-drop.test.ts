import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { withoutEachWord } from "../src/answer/word-drop.js";

describe("withoutEachWord", () => {
  it("leaves out each content word in turn, never a stop word, first words first", () => {
    expect(withoutEachWord("When did Warsaw become the capital of Poland?", 8)).toEqual([
      "When did become the capital of Poland?",
      "When did Warsaw the capital of Poland?",
      "When did Warsaw become the of Poland?",
      "When did Warsaw become the capital of",
    ]);
    expect(withoutEachWord("What is it?", 8)).toEqual([]);
  });

  it("gives at most the limit, and a repeated word's variants once each", () => {
    expect(withoutEachWord("When did Warsaw become the capital of Poland?", 2)).toHaveLength(2);
    // Either "Warsaw" left out reads the same.
    expect(withoutEachWord("When did Warsaw Warsaw fall?", 8)).toEqual(["When did Warsaw fall?", "When did Warsaw Warsaw"]);
  });

  it("leaves in a word whose terms the predicate refuses", () => {
    expect(withoutEachWord("When did Warsaw become the capital?", 8, (term) => term !== "warsaw")).toEqual(["When did Warsaw the capital?", "When did Warsaw become the"]);
  });

  it("gives the question less one content word, each variant once, whatever the question", () => {
    const stopWords = new Set(["when", "did", "the", "of"]);
    fc.assert(
      fc.property(fc.array(fc.constantFrom("when", "did", "the", "Warsaw", "capital", "become", "of", "42", "x-ray"), { maxLength: 12 }), fc.integer({ min: 0, max: 10 }), (words, limit) => {
        const variants = withoutEachWord(words.join(" "), limit);
        expect(variants.length).toBeLessThanOrEqual(limit);
        expect(new Set(variants).size).toBe(variants.length);
        for (const variant of variants) {
          const left = words.map((_, i) => i).filter((i) => words.filter((__, j) => j !== i).join(" ") === variant);
          expect(left.length).toBeGreaterThan(0);
          for (const i of left) expect(stopWords.has(words[i] as string)).toBe(false);
        }
      }),
    );
  });
});
