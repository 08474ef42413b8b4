import { readFileSync } from "node:fs";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseDocument } from "../src/corpus/parse-document.js";
import { MAX_PASSAGE_CHARS } from "../src/corpus/passage-parts.js";
import { PARAGRAPH_ID_PATTERN } from "../src/corpus/slug.js";
import { countOf, isReadableSubsequence, visibleWords } from "./support/passage-checks.js";

const FEATURES = readFileSync(new URL("fixtures/features.md", import.meta.url), "utf8");

function parse(source: string, fileName = "doc.md") {
  return parseDocument({ docId: "doc", fileName, source });
}

describe("parseDocument: Markdown with every feature (tests/fixtures/features.md)", () => {
  const document = parse(FEATURES, "features.md");
  const byKind = (kind: string) => document.paragraphs.filter((paragraph) => paragraph.kind === kind);

  it("reads front matter as metadata and title, never as a passage", () => {
    expect(document.title).toBe("Getting Started with Fastify");
    expect(document.metadata).toEqual({ author: "The Fastify team", date: "2024-05-01", tags: ["guide", "install"] });
    expect(document.paragraphs.some((paragraph) => /author:|tags:/.test(paragraph.text))).toBe(false);
  });

  it("never indexes HTML comments and strips inline HTML and markup from the text", () => {
    expect(JSON.stringify(document)).not.toContain("changelog");
    expect(document.paragraphs[0]?.text).toBe(
      "Fastify is a web framework highly focused on providing the best developer experience with the least overhead and a powerful plugin architecture. It is inspired by Hapi and Express.",
    );
    expect(byKind("quote").map((paragraph) => paragraph.text)).toEqual(["Fastify listens on 127.0.0.1 by default. Use 0.0.0.0 to listen on every interface."]);
  });

  it("opens sections for ATX and setext headings, keeping markup out of ids and labels", () => {
    expect(document.sections.map((section) => [section.anchor, section.title])).toEqual([
      ["intro", "Introduction"],
      ["install", "Install"],
      ["install/options", "Options"],
      ["install/options/escapes-entities", "Escapes & entities"],
    ]);
    for (const paragraph of document.paragraphs) expect(paragraph.id).toMatch(PARAGRAPH_ID_PATTERN);
  });

  it("makes each code block, list, table, quote and container one passage of its kind", () => {
    expect(byKind("code").map((paragraph) => paragraph.text)).toEqual(["npm i fastify"]);
    expect(byKind("list").map((paragraph) => paragraph.text)).toEqual([
      "- Node.js 20\n- Node.js 22\n  - including every minor release\n- [ ] Node.js 18 (no longer supported)\n- [x] Node.js 24",
    ]);
    expect(byKind("table").map((paragraph) => paragraph.text)).toEqual(["Option | Type | Default\nlogger | boolean | false\nbodyLimit | integer | 1048576"]);
    expect(document.paragraphs.map((paragraph) => paragraph.text)).toContain("Never expose the application to the Internet without a reverse proxy.");
  });

  it("decodes escapes and entities, keeps footnotes and hard breaks, and drops thematic breaks", () => {
    const texts = document.paragraphs.map((paragraph) => paragraph.text);
    expect(texts).toContain("A line with *escaped* stars, an entity © and a footnote. It endss here.");
    expect(texts).toContain("The footnote text.");
    expect(texts).toContain("Setext paragraph after a thematic break, with a hard\nline break.");
  });

  it("gives every passage the exact source range of its block", () => {
    for (const paragraph of document.paragraphs) {
      const slice = FEATURES.slice(paragraph.start, paragraph.end);
      expect(slice.trim()).toBe(slice);
      expect(isReadableSubsequence(paragraph.text.replace(/[©*]/g, ""), slice)).toBe(true);
    }
    const code = document.paragraphs.find((paragraph) => paragraph.kind === "code");
    expect(FEATURES.slice(code?.start, code?.end)).toBe("```sh\nnpm i fastify\n```");
  });
});

describe("parseDocument: Markdown titles and long blocks", () => {
  it("takes the title from the first H1, else from the file name", () => {
    expect(parse("Lead.\n\n# The Title\n\nText.\n").title).toBe("The Title");
    expect(parse("## Only a section\n\nText.\n", "field-notes.md").title).toBe("Field notes");
  });

  it("moves headings down a level when H1s other than the title remain", () => {
    const document = parse("# One\n\nA.\n\n## Sub\n\nB.\n\n# Two\n\nC.\n");
    expect(document.title).toBe("One");
    expect(document.sections.map((section) => [section.anchor, section.level])).toEqual([
      ["intro", 1],
      ["sub", 3],
      ["two", 2],
    ]);
  });

  it("splits a long table into runs of rows, each later run carrying the header row as context", () => {
    const rows = Array.from({ length: 80 }, (_, index) => `| option${index} | string | the value used for setting number ${index} |`);
    const document = parse(`## Options\n\n| Name | Type | Description |\n| --- | --- | --- |\n${rows.join("\n")}\n`);
    const parts = document.paragraphs.filter((paragraph) => paragraph.kind === "table");
    expect(parts.length).toBeGreaterThan(2);
    expect(parts[0]?.text.startsWith("Name | Type | Description\noption0 |")).toBe(true);
    expect(parts[0]?.context).toBeUndefined();
    for (const part of parts.slice(1)) {
      expect(part.context).toBe("Name | Type | Description");
      expect(part.text.length).toBeLessThanOrEqual(MAX_PASSAGE_CHARS);
    }
    expect(parts.map((part) => part.text).join("\n").split("\n")).toHaveLength(81);
  });

  it("splits a long list between items", () => {
    const items = Array.from({ length: 60 }, (_, index) => `- item ${index}: ${"words that explain the item ".repeat(3)}`);
    const parts = parse(items.join("\n")).paragraphs;
    expect(parts.length).toBeGreaterThan(1);
    expect(parts.every((part) => part.kind === "list" && part.text.startsWith("- item "))).toBe(true);
  });
});

/** Generated Markdown documents with known words, to check that no readable word is lost or invented. */
const WORDS = ["alpha", "bravo", "charlie", "delta", "echo", "foxtrot", "golf", "hotel"];
const word = fc.constantFrom(...WORDS);
const words = fc.array(word, { minLength: 1, maxLength: 8 }).map((list) => list.join(" "));
const inline = fc.oneof(words, words.map((text) => `**${text}**`), words.map((text) => `\`${text}\``), words.map((text) => `[${text}](https://example.com/x)`), words.map((text) => `<span class="x">${text}</span>`));
const block = fc.oneof(
  fc.array(inline, { minLength: 1, maxLength: 4 }).map((parts) => parts.join(" ")),
  fc.tuple(fc.integer({ min: 1, max: 6 }), words).map(([level, text]) => `${"#".repeat(level)} ${text}`),
  words.map((text) => "```\n" + text + "\n  " + text + "\n```"),
  fc.array(words, { minLength: 1, maxLength: 5 }).map((items) => items.map((item) => `- ${item}`).join("\n")),
  fc.array(words, { minLength: 1, maxLength: 3 }).map((cells) => `| ${cells.map(() => "h").join(" | ")} |\n| ${cells.map(() => "---").join(" | ")} |\n| ${cells.join(" | ")} |`),
  words.map((text) => `> ${text}`),
  fc.constant("<!-- zulu comment -->"),
);

describe("parseDocument: Markdown invariants on generated documents", () => {
  it("keeps every readable word exactly once, drops comments, and slices each passage from its block", () => {
    fc.assert(
      fc.property(fc.array(block, { minLength: 1, maxLength: 12 }), (blocks) => {
        const source = blocks.join("\n\n");
        const document = parse(source);
        const expected = (source.replace(/<!--[\s\S]*?-->/g, "").replace(/\(https:\/\/example\.com\/x\)/g, "").replace(/<[^>]+>/g, "").toLowerCase().match(/[a-z]+/g) ?? []).filter((token) => WORDS.includes(token));
        const seen = visibleWords(document);
        for (const known of WORDS) expect(countOf(seen, known)).toBe(countOf(expected, known));
        expect(seen).not.toContain("zulu");
        for (const paragraph of document.paragraphs) {
          expect(paragraph.text.trim()).toBe(paragraph.text);
          expect(paragraph.text.length).toBeGreaterThan(0);
          expect(isReadableSubsequence(paragraph.text.replace(/^\s*- /gm, ""), source.slice(paragraph.start, paragraph.end))).toBe(true);
        }
      }),
      { numRuns: 40, seed: 7 },
    );
  }, 120_000);
});
