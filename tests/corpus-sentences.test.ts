import { describe, expect, it } from "vitest";
import { splitSentences } from "../src/corpus/sentences.js";
import type { Paragraph, ParagraphKind } from "../src/corpus/types.js";

function passage(text: string, kind: ParagraphKind = "paragraph"): Paragraph {
  return { id: "doc/intro/1", docId: "doc", section: "Introduction", sectionAnchor: "intro", ordinal: 1, kind, text, start: 0, end: text.length };
}

function texts(paragraph: Paragraph): string[] {
  return splitSentences([paragraph]).map((sentence) => paragraph.text.slice(sentence.start, sentence.end));
}

describe("splitSentences", () => {
  it("keeps abbreviations inside their sentence", () => {
    expect(texts(passage("Col. Assimi Goïta led the U.S. Army talks. They ended in Jan. 2021."))).toEqual(["Col. Assimi Goïta led the U.S. Army talks.", "They ended in Jan. 2021."]);
  });

  it("gives each list item and table row its own sentence, and code whole lines", () => {
    expect(texts(passage("- first item\n- second item", "list"))).toEqual(["- first item", "- second item"]);
    expect(texts(passage("Name | Type\nlogger | boolean", "table"))).toEqual(["Name | Type", "logger | boolean"]);
    const code = Array.from({ length: 100 }, (_, index) => `const value${index} = compute(${index});`).join("\n");
    const pieces = texts(passage(code, "code"));
    expect(pieces.length).toBeGreaterThan(1);
    expect(pieces.join("\n")).toBe(code);
    for (const piece of pieces) expect(piece.length).toBeLessThanOrEqual(1000);
  });

  it("keeps an infobox fact whole", () => {
    expect(texts(passage("Casualties1: 2 killed. 5 injured.", "fact"))).toEqual(["Casualties1: 2 killed. 5 injured."]);
  });

  it("bounds sentences of text that never ends a sentence, and splits 2 MB in linear time", () => {
    const lower = "the river rose. and the town waited. ".repeat(2_000);
    for (const sentence of texts(passage(lower))) expect(sentence.length).toBeLessThanOrEqual(12_000);
    const sentence = "The column moved north. Col. Smith said it was over. ";
    const big = passage(sentence.repeat(Math.ceil(2_000_000 / sentence.length)));
    const began = performance.now();
    const count = splitSentences([big]).length;
    expect(count).toBeGreaterThan(30_000);
    // The bound is the point: the quadratic splitter needed minutes for this.
    expect((performance.now() - began) / 1000).toBeLessThan(60);
  }, 120_000);
});
