import { describe, expect, it } from "vitest";
import type { Paragraph } from "../src/corpus/types.js";
import { estimateTokens, fitPassages, groundedPrompt, GROUNDED_SYSTEM_PROMPT, type NumberedPassage } from "../src/chat/prompt.js";

const passage = (n: number, text: string): NumberedPassage => ({
  n,
  title: `Document ${n}`,
  paragraph: { id: `doc-${n}/intro/1`, docId: `doc-${n}`, section: "Introduction", sectionAnchor: "intro", ordinal: 1, kind: "paragraph", text, start: 0, end: text.length } satisfies Paragraph,
});
const words = (count: number) => Array.from({ length: count }, (_, index) => `word${index}`).join(" ");
const PASSAGES = [passage(1, words(100)), passage(2, words(100)), passage(3, words(100))];
const question = "What happened?";

describe("fitPassages", () => {
  const fit = (contextTokens: number, maxOutputTokens = 100) => fitPassages({ passages: PASSAGES, question, system: GROUNDED_SYSTEM_PROMPT, contextTokens, maxOutputTokens });

  it("keeps every passage when the window is large", () => {
    expect(fit(100_000)).toEqual(PASSAGES);
  });

  it("drops or cuts passages from the end, never the rules, and the prompt then fits the window", () => {
    for (const contextTokens of [600, 800, 950]) {
      const kept = fit(contextTokens);
      expect(groundedPrompt(question, kept).length).toBeLessThan(groundedPrompt(question, PASSAGES).length);
      expect(kept.map((p) => p.n)).toEqual(PASSAGES.slice(0, kept.length).map((p) => p.n));
      const prompt = groundedPrompt(question, kept);
      expect(estimateTokens(GROUNDED_SYSTEM_PROMPT) + estimateTokens(prompt) + 100).toBeLessThanOrEqual(contextTokens);
    }
  });

  it("cuts the last passage at a word when a real part of it fits, and keeps none when nothing useful fits", () => {
    const kept = fit(estimateTokens(GROUNDED_SYSTEM_PROMPT) + 100 + 32 + 150);
    expect(kept).toHaveLength(1);
    expect(kept[0]?.paragraph.text).toMatch(/^word0 word1 .* word\d+ …$/);
    expect(fit(estimateTokens(GROUNDED_SYSTEM_PROMPT) + 100 + 40)).toEqual([]);
  });
});
