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
    expect(withoutEachWord("Which city is the city of light?", 8)).toEqual(["Which is the city of light?", "Which city is the of light?", "Which city is the city of"]);
  });

  it("leaves in a word whose terms the predicate refuses", () => {
    expect(withoutEachWord("When did Warsaw become the capital?", 8, (term) => term !== "warsaw")).toEqual(["When did Warsaw the capital?", "When did Warsaw become the"]);
  });

  it("drops one word of the question and nothing else, whatever the question", () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom("when", "did", "the", "Warsaw", "capital", "become", "of", "42", "x-ray"), { maxLength: 12 }), fc.integer({ min: 0, max: 10 }), (words, limit) => {
        const question = words.join(" ");
        const variants = withoutEachWord(question, limit);
        expect(variants.length).toBeLessThanOrEqual(limit);
        for (const variant of variants) expect(variant.split(" ").filter(Boolean)).toHaveLength(words.length - 1);
      }),
    );
  });
});
