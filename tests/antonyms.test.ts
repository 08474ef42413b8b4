import { describe, expect, it } from "vitest";
import { antonymTerms, questionAntonyms, sharesWordClass, tagWords } from "../src/answer/antonyms.js";
import { contentTerms } from "../src/retrieve/terms.js";

describe("antonymTerms", () => {
  it("gives WordNet's antonyms as index terms, both ways", () => {
    expect(antonymTerms("open")).toContain("close");
    expect(antonymTerms("close")).toContain("open");
    expect(antonymTerms("acceler")).toContain("deceler");
    expect(antonymTerms("vertic")).toContain("horizont");
  });

  it("knows the comparatives and superlatives of short adjectives, which the stemmer leaves whole", () => {
    expect(antonymTerms("stronger")).toContain("weaker");
    expect(antonymTerms("largest")).toContain("smallest");
    expect(antonymTerms("better")).toContain("wors");
  });

  it("gives none for a word without antonyms", () => {
    expect(antonymTerms("warsaw").size).toBe(0);
  });
});

describe("questionAntonyms", () => {
  it("pairs each question term with its antonyms", () => {
    expect(questionAntonyms(contentTerms("When was the library closed?"))).toContainEqual({ asked: "close", said: "open" });
  });

  it("leaves out an antonym the question says too", () => {
    const pairs = questionAntonyms(contentTerms("Is the library open or closed?"));
    expect(pairs).not.toContainEqual({ asked: "close", said: "open" });
    expect(pairs).not.toContainEqual({ asked: "open", said: "close" });
    expect(pairs).toContainEqual({ asked: "open", said: "shut" });
  });
});

describe("word classes", () => {
  it("reads participles and ordinals as adjectives too", () => {
    expect(tagWords("The library was closed in May.").classes.get("close")).toContain("adjective");
    expect(tagWords("What is the first line of defense?").classes.get("first")).toContain("adjective");
  });

  it("tells a verb from a noun of the same word", () => {
    expect(tagWords("How many troops defended the garrison?").classes.get("defend")).toEqual(new Set(["verb", "adjective"]));
    expect(tagWords("Soldiers were present during the attack.").classes.get("attack")).toEqual(new Set(["noun"]));
    expect(sharesWordClass(new Set(["verb", "adjective"]), new Set(["noun"]))).toBe(false);
  });

  it("reads an irregular form under its root's term too", () => {
    const tagged = tagWords("The war began in 1939 and Spain won.");
    expect(tagged.classes.get("begin")).toContain("verb");
    expect(tagged.roots.get("won")).toBe("win");
  });

  it("counts a word the tagger gives no class as any", () => {
    expect(sharesWordClass(new Set(), new Set(["noun"]))).toBe(true);
    expect(sharesWordClass(undefined, new Set(["noun"]))).toBe(true);
  });
});
