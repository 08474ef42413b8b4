import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import fc from "fast-check";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { loadCorpus, sha256 } from "../src/corpus/load-corpus.js";
import { formatForFile } from "../src/corpus/document-format.js";
import { parseDocument } from "../src/corpus/parse-document.js";
import { PARAGRAPH_ID_PATTERN, SLUG_PATTERN, slugify } from "../src/corpus/slug.js";
import type { CorpusDocument, Paragraph } from "../src/corpus/types.js";

const CORPUS_DIR = fileURLToPath(new URL("../corpus/", import.meta.url));
const CORPUS_FILES = ["battle-of-the-wagadou-forest-2011.txt", "mali-war.txt", "nampala-raid-2015.txt"] as const;

function corpusSource(fileName: string): string {
  return readFileSync(path.join(CORPUS_DIR, fileName), "utf8");
}

function parseCorpusFile(fileName: string, source = corpusSource(fileName)): CorpusDocument {
  return parseDocument({ docId: slugify(fileName.replace(/\.[^.]+$/, "")), fileName, source });
}

function parse(source: string, fileName = "doc.txt", docId = "doc"): CorpusDocument {
  return parseDocument({ docId, fileName, source });
}

function ids(document: CorpusDocument): string[] {
  return document.paragraphs.map((paragraph) => paragraph.id);
}

function byId(document: CorpusDocument, id: string): Paragraph {
  const paragraph = document.paragraphs.find((p) => p.id === id);
  if (!paragraph) throw new Error(`no paragraph ${id} in ${ids(document).join(", ")}`);
  return paragraph;
}

interface SourceLine {
  text: string;
  start: number;
}

function sourceLines(source: string): SourceLine[] {
  const lines: SourceLine[] = [];
  const pattern = /([^\r\n]*)(\r\n|\r|\n|$)/g;
  let match: RegExpExecArray | null;
  while ((match = pattern.exec(source)) !== null) {
    lines.push({ text: match[1] ?? "", start: match.index });
    if (match.index + match[0].length >= source.length) break;
  }
  return lines;
}

/**
 * The character ranges of a wiki-format source that must end up inside some paragraph: every
 * non-blank line except the title, headings and the infobox caption; infobox fact lines without
 * their list marker. Classified independently of the parser.
 */
function rangesThatMustBeKept(source: string): Array<{ start: number; end: number; line: string }> {
  const lines = sourceLines(source);
  const isHeading = (text: string) => /^(={2,6}).+\1$/.test(text.trim());
  const isFact = (text: string) => /^[-*]\s*[^:]{1,60}:(\s.*)?$/.test(text);
  const firstHeading = lines.findIndex((line) => isHeading(line.text));
  const leadEnd = firstHeading < 0 ? lines.length : firstHeading;
  const firstNonBlank = lines.findIndex((line) => line.text.trim() !== "");
  const ranges: Array<{ start: number; end: number; line: string }> = [];
  lines.forEach((line, index) => {
    const text = line.text;
    if (text.trim() === "" || isHeading(text)) return;
    if (index === firstNonBlank && /^=[^=].*=$/.test(text.trim())) return;
    const inLead = index < leadEnd;
    const previousBlank = index === 0 || (lines[index - 1]?.text.trim() ?? "") === "" || index - 1 === firstNonBlank;
    const nextIsFact = isFact(lines[index + 1]?.text ?? "");
    if (inLead && previousBlank && !isFact(text) && nextIsFact) return; // infobox caption
    const leading = text.length - text.trimStart().length;
    const marker = inLead && isFact(text) ? (/^[-*]\s*/.exec(text)?.[0].length ?? 0) : leading;
    ranges.push({ start: line.start + marker, end: line.start + text.trimEnd().length, line: text });
  });
  return ranges;
}

describe("parseDocument: wiki format", () => {
  it("takes the title from a `= Title =` first line and does not make it a paragraph", () => {
    const document = parse("= My Title =\n\nFirst paragraph.\n");
    expect(document.title).toBe("My Title");
    expect(document.paragraphs.map((p) => p.text)).toEqual(["First paragraph."]);
  });

  it("gives lead paragraphs the section anchor `intro` and the section name Introduction", () => {
    const document = parse("= T =\n\nLead one.\n\nLead two.\n\n== Later ==\nBody.\n");
    const lead = document.paragraphs.filter((p) => p.sectionAnchor === "intro");
    expect(lead.map((p) => p.text)).toEqual(["Lead one.", "Lead two."]);
    expect(lead.every((p) => p.section === "Introduction" && p.kind === "paragraph")).toBe(true);
    expect(lead.map((p) => p.id)).toEqual(["doc/intro/1", "doc/intro/2"]);
  });

  it("opens a level-2 section for `== Section ==` anchored at the slug of its title", () => {
    const document = parse("= T =\n\n== Coup d'état (2012) ==\nText.\n");
    const section = document.sections.find((s) => s.title === "Coup d'état (2012)");
    expect(section).toMatchObject({ anchor: "coup-d-etat-2012", level: 2, path: ["Coup d'état (2012)"] });
    expect(ids(document)).toEqual(["doc/coup-d-etat-2012/1"]);
  });

  it("nests a `=== Sub ===` section under the preceding level-2 section", () => {
    const document = parse("= T =\n\n== Section ==\nA.\n\n=== Sub ===\nB.\n");
    const sub = document.sections.find((s) => s.title === "Sub");
    expect(sub).toMatchObject({ anchor: "section/sub", level: 3, path: ["Section", "Sub"] });
    expect(byId(document, "doc/section/sub/1").text).toBe("B.");
  });

  it("recognises a heading written without spaces, `==NoSpaces==`", () => {
    const document = parse("= T =\n\n==NoSpaces==\nText.\n\n===Inner===\nMore.\n");
    expect(document.sections.map((s) => [s.anchor, s.level])).toEqual([
      ["nospaces", 2],
      ["nospaces/inner", 3],
    ]);
  });

  it("nests a `==== level 4 ====` heading below the level-3 section before it", () => {
    const document = parse("= T =\n\n== A ==\nx\n\n=== B ===\ny\n\n==== level 4 ====\nz\n");
    const deep = document.sections.find((s) => s.level === 4);
    expect(deep).toMatchObject({ anchor: "a/b/level-4", path: ["A", "B", "level 4"] });
    expect(byId(document, "doc/a/b/level-4/1").text).toBe("z");
  });

  it("nests a level-4 heading directly under a level-2 section when no level 3 comes between", () => {
    const document = parse("= T =\n\n== A ==\nx\n\n==== Deep ====\nz\n");
    expect(document.sections.find((s) => s.title === "Deep")?.anchor).toBe("a/deep");
  });

  it("closes deeper sections when a shallower heading follows", () => {
    const document = parse("= T =\n\n== A ==\n\n=== B ===\nb\n\n== C ==\nc\n");
    expect(byId(document, "doc/c/1").text).toBe("c");
    expect(document.sections.find((s) => s.title === "C")?.path).toEqual(["C"]);
  });

  it("ends a paragraph at a heading even without a blank line before it", () => {
    const document = parse("= T =\n\n== A ==\nfirst line\n== B ==\nsecond\n");
    expect(document.paragraphs.map((p) => [p.id, p.text])).toEqual([
      ["doc/a/1", "first line"],
      ["doc/b/1", "second"],
    ]);
  });

  it("keeps consecutive non-blank lines in one paragraph, line breaks included", () => {
    const document = parse("= T =\n\n== A ==\nline one\nline two\n\nnext\n");
    expect(document.paragraphs.map((p) => p.text)).toEqual(["line one\nline two", "next"]);
  });

  it("makes one `infobox` paragraph per fact under an `Infobox` caption, without the `- ` marker", () => {
    const document = parse("= T =\n\nInfobox\n- Date: June 24, 2011\n- Place: Nara, Mali\n\nLead.\n");
    const facts = document.paragraphs.filter((p) => p.sectionAnchor === "infobox");
    expect(facts.map((p) => [p.id, p.text, p.kind, p.section])).toEqual([
      ["doc/infobox/1", "Date: June 24, 2011", "fact", "Infobox"],
      ["doc/infobox/2", "Place: Nara, Mali", "fact", "Infobox"],
    ]);
  });

  it("accepts any single caption line above the facts, not only `Infobox`", () => {
    const document = parse("= T =\n\nMalis\n- Conflict: Mali War\n- Status: Ongoing\n\nLead.\n");
    expect(document.paragraphs.filter((p) => p.kind === "fact").map((p) => p.text)).toEqual(["Conflict: Mali War", "Status: Ongoing"]);
    expect(document.paragraphs.some((p) => p.text.includes("Malis"))).toBe(false);
  });

  it("recognises an infobox of facts without a caption line", () => {
    const document = parse("= T =\n\n- Date: 2011\n- Result: Victory\n\nLead.\n");
    expect(ids(document)).toEqual(["doc/infobox/1", "doc/infobox/2", "doc/intro/1"]);
  });

  it("treats a `- Key: value` list after the first heading as an ordinary paragraph", () => {
    const document = parse("= T =\n\n== Notes ==\nCaption\n- A: 1\n- B: 2\n");
    expect(document.paragraphs.map((p) => [p.id, p.kind])).toEqual([["doc/notes/1", "paragraph"]]);
    expect(document.paragraphs[0]?.text).toBe("Caption\n- A: 1\n- B: 2");
  });

  it("gives lead paragraphs before and after the infobox the same `intro` anchor", () => {
    const document = parse("= T =\n\nLead one.\n\nInfobox\n- A: 1\n- B: 2\n\nLead two.\n");
    const lead = document.paragraphs.filter((p) => p.kind === "paragraph");
    expect(lead.map((p) => p.id)).toEqual(["doc/intro/1", "doc/intro/2"]);
  });

  it("builds ids as `doc/section/sub/ordinal`", () => {
    const document = parse("= T =\n\n== Section ==\n\n=== Sub ===\nOne.\n\nTwo.\n");
    expect(ids(document)).toEqual(["doc/section/sub/1", "doc/section/sub/2"]);
  });

  it("numbers paragraphs from 1 in each section and lists them in their section", () => {
    const document = parse("= T =\n\nL1\n\nL2\n\n== A ==\na1\n\na2\n\na3\n\n=== B ===\nb1\n\n== C ==\nc1\n");
    for (const section of document.sections) {
      const members = document.paragraphs.filter((p) => p.sectionAnchor === section.anchor);
      expect(members.map((p) => p.ordinal)).toEqual(members.map((_, index) => index + 1));
      expect(section.paragraphIds).toEqual(members.map((p) => p.id));
    }
    expect(byId(document, "doc/a/3").text).toBe("a3");
  });

  it("anchors a repeated heading with `-2`, `-3`", () => {
    const document = parse("= T =\n\n== Notes ==\na\n\n== Notes ==\nb\n\n== Notes ==\nc\n");
    expect(ids(document)).toEqual(["doc/notes/1", "doc/notes-2/1", "doc/notes-3/1"]);
  });

  it("anchors a repeated sub-heading with `-2` below the same parent", () => {
    const document = parse("= T =\n\n== A ==\n\n=== Sub ===\na\n\n=== Sub ===\nb\n");
    expect(ids(document)).toEqual(["doc/a/sub/1", "doc/a/sub-2/1"]);
  });

  it("gives a heading with an empty slug a fallback anchor that is a valid slug", () => {
    const document = parse("= T =\n\n== Ωμέγα ==\nGreek.\n");
    const section = document.sections.find((s) => s.title === "Ωμέγα");
    expect(section?.anchor).toMatch(SLUG_PATTERN);
    expect(document.paragraphs[0]?.id).toMatch(PARAGRAPH_ID_PATTERN);
  });

  it("gives two headings with empty slugs distinct fallback anchors", () => {
    const document = parse("= T =\n\n== Ωμέγα ==\na\n\n== 日本 ==\nb\n");
    const anchors = document.sections.map((s) => s.anchor);
    expect(new Set(anchors).size).toBe(anchors.length);
    expect(new Set(ids(document)).size).toBe(2);
  });

  it("does not mistake a first-line `== Section ==` heading for the title", () => {
    const document = parse("== Background ==\nSome text.\n", "field-notes.txt");
    expect(document.title).toBe("Field notes");
    expect(document.sections.map((s) => s.title)).toEqual(["Background"]);
    expect(ids(document)).toEqual(["doc/background/1"]);
  });
});

describe("parseDocument: Markdown", () => {
  it("chooses the Markdown syntax for `.md` and `.markdown` files and plain text for `.txt`", () => {
    expect([formatForFile("a.md"), formatForFile("b.MARKDOWN"), formatForFile("c.txt"), formatForFile("md")]).toEqual(["markdown", "markdown", "text", undefined]);
  });

  it("takes the title from `# Title`", () => {
    const document = parse("# Notes on Gao\n\nLead.\n", "gao.md");
    expect(document.title).toBe("Notes on Gao");
    expect(document.paragraphs.map((p) => p.id)).toEqual(["doc/intro/1"]);
  });

  it("opens sections for `## Section` and nests `### Sub` below them", () => {
    const document = parse("# T\n\n## Section\nA.\n\n### Sub\nB.\n\n## Other\nC.\n", "x.md");
    expect(document.sections.map((s) => [s.anchor, s.level])).toEqual([
      ["section", 2],
      ["section/sub", 3],
      ["other", 2],
    ]);
    expect(ids(document)).toEqual(["doc/section/1", "doc/section/sub/1", "doc/other/1"]);
  });

  it("ignores an optional closing `##` sequence on a heading", () => {
    const document = parse("# T\n\n## Closed ##\nA.\n", "x.md");
    expect(document.sections[0]?.title).toBe("Closed");
  });

  it("does not read wiki `== headings ==` as headings in a Markdown file", () => {
    const document = parse("# T\n\n== Not a heading ==\n", "x.md");
    expect(document.paragraphs.map((p) => [p.id, p.text])).toEqual([["doc/intro/1", "== Not a heading =="]]);
  });
});

describe("parseDocument: plain text", () => {
  it("titles a document without a title line after its file name", () => {
    const document = parse("Just some text.\n\nMore text.\n", "field-notes_2011.txt");
    expect(document.title).toBe("Field notes 2011");
  });

  it("puts every paragraph of a text without headings in the lead", () => {
    const document = parse("One.\n\nTwo.\n\n\n\nThree.\n", "plain.txt");
    expect(document.paragraphs.map((p) => [p.id, p.text])).toEqual([
      ["doc/intro/1", "One."],
      ["doc/intro/2", "Two."],
      ["doc/intro/3", "Three."],
    ]);
  });

  it("trims indentation and trailing spaces from paragraph text while keeping exact offsets", () => {
    const source = "   indented start\nend with spaces   \n";
    const [paragraph] = parse(source, "plain.txt").paragraphs;
    expect(paragraph?.text).toBe("indented start\nend with spaces");
    expect(source.slice(paragraph?.start, paragraph?.end)).toBe(paragraph?.text);
  });

  it("gives an empty document no paragraphs and no sections", () => {
    const document = parse("\n  \n\n", "empty.txt");
    expect(document.paragraphs).toEqual([]);
    expect(document.sections).toEqual([]);
  });
});

describe.each(CORPUS_FILES)("parseDocument invariants on corpus/%s", (fileName) => {
  it("slices every paragraph's text out of the source at its offsets", () => {
    const source = corpusSource(fileName);
    const document = parseCorpusFile(fileName, source);
    expect(document.paragraphs.length).toBeGreaterThan(0);
    for (const paragraph of document.paragraphs) expect(source.slice(paragraph.start, paragraph.end)).toBe(paragraph.text);
  });

  it("gives every paragraph a unique id", () => {
    const all = ids(parseCorpusFile(fileName));
    expect(new Set(all).size).toBe(all.length);
  });

  it("gives every paragraph an id matching PARAGRAPH_ID_PATTERN", () => {
    for (const id of ids(parseCorpusFile(fileName))) expect(id).toMatch(PARAGRAPH_ID_PATTERN);
  });

  it("has no empty paragraph and no paragraph with leading or trailing whitespace", () => {
    for (const paragraph of parseCorpusFile(fileName).paragraphs) {
      expect(paragraph.text.length).toBeGreaterThan(0);
      expect(paragraph.text).toBe(paragraph.text.trim());
    }
  });

  it("loses no text: every line but the title, headings and the infobox caption is inside a paragraph", () => {
    const source = corpusSource(fileName);
    const document = parseCorpusFile(fileName, source);
    const lost = rangesThatMustBeKept(source).filter((range) => !document.paragraphs.some((p) => p.start <= range.start && range.end <= p.end));
    expect(lost.map((range) => range.line)).toEqual([]);
  });

  it("lists paragraphs in source order without overlaps", () => {
    const { paragraphs } = parseCorpusFile(fileName);
    for (let index = 1; index < paragraphs.length; index++) {
      expect(paragraphs[index]?.start).toBeGreaterThanOrEqual(paragraphs[index - 1]?.end ?? Number.POSITIVE_INFINITY);
    }
  });

  it("lists every paragraph in exactly one section, in the section's ordinal order", () => {
    const document = parseCorpusFile(fileName);
    const listed = document.sections.flatMap((section) => section.paragraphIds);
    expect([...listed].sort()).toEqual(ids(document).sort());
    for (const paragraph of document.paragraphs) {
      const section = document.sections.find((s) => s.anchor === paragraph.sectionAnchor);
      expect(section?.paragraphIds[paragraph.ordinal - 1]).toBe(paragraph.id);
    }
  });

  it("gives the same ids and correctly offset texts when the file has CRLF line endings", () => {
    const lf = corpusSource(fileName).replace(/\r\n/g, "\n");
    const crlf = lf.replace(/\n/g, "\r\n");
    const fromLf = parseCorpusFile(fileName, lf);
    const fromCrlf = parseCorpusFile(fileName, crlf);
    expect(ids(fromCrlf)).toEqual(ids(fromLf));
    fromCrlf.paragraphs.forEach((paragraph, index) => {
      expect(crlf.slice(paragraph.start, paragraph.end)).toBe(paragraph.text);
      expect(paragraph.text.replace(/\r\n/g, "\n")).toBe(fromLf.paragraphs[index]?.text);
    });
  });
});

describe("parseDocument invariants on generated documents", () => {
  const word = fc.constantFrom("alpha", "Beta", "gamma", "état", "Ωμέγα", "日本", "x1", "2012", "-", "(note)", ":", "d'Or");
  const words = fc.array(word, { minLength: 1, maxLength: 5 }).map((ws) => ws.join(" "));
  const line = fc.oneof(
    words,
    words.map((w) => `  ${w}  `),
    fc.tuple(fc.integer({ min: 2, max: 4 }), words).map(([level, w]) => `${"=".repeat(level)} ${w} ${"=".repeat(level)}`),
    fc.tuple(word, words).map(([key, value]) => `- ${key}: ${value}`),
    fc.constant(""),
    fc.constant("   "),
  );
  const document = fc.tuple(fc.boolean(), fc.array(line, { maxLength: 30 }), fc.constantFrom("\n", "\r\n", "\r")).map(
    ([titled, lines, eol]) => [...(titled ? ["= Generated ="] : []), ...lines].join(eol),
  );

  it("slices every paragraph out of the source, with unique valid ids and trimmed non-empty text", () => {
    fc.assert(
      fc.property(document, (source) => {
        const parsed = parse(source, "generated.txt", "generated");
        const seen = new Set<string>();
        for (const paragraph of parsed.paragraphs) {
          expect(source.slice(paragraph.start, paragraph.end)).toBe(paragraph.text);
          expect(paragraph.id).toMatch(PARAGRAPH_ID_PATTERN);
          expect(paragraph.text).toBe(paragraph.text.trim());
          expect(paragraph.text).not.toBe("");
          expect(seen.has(paragraph.id)).toBe(false);
          seen.add(paragraph.id);
        }
      }),
      { numRuns: 300, seed: 20240611 },
    );
  });
});

describe("parseDocument: id stability", () => {
  it("keeps the ids of every other section when a paragraph is added at the end of one section (mali-war)", () => {
    const source = corpusSource("mali-war.txt");
    const before = parseCorpusFile("mali-war.txt", source);
    const headed = before.sections.filter((section) => section.paragraphIds.length > 0);
    expect(headed.length).toBeGreaterThan(10);
    for (const section of headed) {
      const last = byId(before, section.paragraphIds[section.paragraphIds.length - 1] as string);
      const insertion = section.anchor === "infobox" ? "\n- Extra: added fact" : "\n\nAn added paragraph.";
      const edited = `${source.slice(0, last.end)}${insertion}${source.slice(last.end)}`;
      const after = parseCorpusFile("mali-war.txt", edited);
      const others = (document: CorpusDocument) =>
        document.paragraphs.filter((p) => p.sectionAnchor !== section.anchor).map((p) => `${p.id} ${p.text}`);
      expect(others(after), `after adding to ${section.anchor}`).toEqual(others(before));
    }
  });

  it("keeps the ids of the following sections when a paragraph is inserted in the middle of a section", () => {
    const before = parse("= T =\n\nLead.\n\n== A ==\na1\n\na2\n\n== B ==\nb1\n");
    const after = parse("= T =\n\nLead.\n\n== A ==\na1\n\nnew\n\na2\n\n== B ==\nb1\n");
    expect(byId(after, "doc/b/1").text).toBe(byId(before, "doc/b/1").text);
    expect(byId(after, "doc/intro/1").text).toBe("Lead.");
  });

  it("keeps the id of a section whose heading has an empty slug when a first lead paragraph is added", () => {
    const before = parse("= T =\n\n== Ωμέγα ==\nGreek text.\n");
    const after = parse("= T =\n\nA new lead paragraph.\n\n== Ωμέγα ==\nGreek text.\n");
    const greek = (document: CorpusDocument) => document.paragraphs.find((p) => p.text === "Greek text.")?.id;
    expect(greek(after)).toBe(greek(before));
  });

  it("keeps the id of a section headed `Intro` when a first lead paragraph is added", () => {
    const before = parse("= T =\n\n== Intro ==\nSection text.\n");
    const after = parse("= T =\n\nA new lead paragraph.\n\n== Intro ==\nSection text.\n");
    const section = (document: CorpusDocument) => document.paragraphs.find((p) => p.text === "Section text.")?.id;
    expect(section(after)).toBe(section(before));
  });
});

describe("loadCorpus", () => {
  let directory: string;

  beforeEach(async () => {
    directory = await fs.mkdtemp(path.join(os.tmpdir(), "parse-document-test-"));
  });

  afterEach(async () => {
    await fs.rm(directory, { recursive: true, force: true });
  });

  it("reads the supported files that are not hidden, in file-name order, and lists the others as unsupported", async () => {
    await fs.writeFile(path.join(directory, "b.md"), "# B\n\nb");
    await fs.writeFile(path.join(directory, "a.txt"), "a");
    await fs.writeFile(path.join(directory, "c.markdown"), "c");
    await fs.writeFile(path.join(directory, "d.json"), "{}");
    await fs.writeFile(path.join(directory, ".hidden.txt"), "h");
    const corpus = await loadCorpus(directory);
    expect(corpus.documents.map((d) => d.fileName)).toEqual(["a.txt", "b.md", "c.markdown"]);
    expect(Object.keys(corpus.fileHashes)).toEqual(["a.txt", "b.md", "c.markdown"]);
    expect(corpus.skipped).toEqual([{ relativePath: "d.json", reason: "unsupported", detail: "no parser for .json" }]);
  });

  it("hashes the file's bytes and strips a byte-order mark before parsing", async () => {
    const bytes = Buffer.from("\uFEFF= Title =\n\nText.\n", "utf8");
    await fs.writeFile(path.join(directory, "bom.txt"), bytes);
    const corpus = await loadCorpus(directory);
    expect(corpus.fileHashes["bom.txt"]).toBe(createHash("sha256").update(bytes).digest("hex"));
    expect(corpus.documents[0]?.title).toBe("Title");
    expect(corpus.documents[0]?.paragraphs.map((p) => [p.text, p.start])).toEqual([["Text.", 11]]);
  });

  async function corpusOf(files: Record<string, string>) {
    for (const [name, source] of Object.entries(files)) await fs.writeFile(path.join(directory, name), source);
    return loadCorpus(directory);
  }

  it("derives each document id from the slug of its file name", async () => {
    const corpus = await corpusOf({ "Battle of Gao (2012).txt": "Text.", "notes.md": "# N\n\nText." });
    expect(corpus.documents.map((d) => d.id)).toEqual(["battle-of-gao-2012", "notes"]);
    expect(corpus.documents[0]?.paragraphs[0]?.id).toBe("battle-of-gao-2012/intro/1");
  });

  it("skips the second of two files that map to the same document id, naming the first", async () => {
    const corpus = await corpusOf({ "Mali War.txt": "One.", "mali-war.md": "Two." });
    expect(corpus.documents.map((d) => d.relativePath)).toEqual(["Mali War.txt"]);
    expect(corpus.skipped).toEqual([{ relativePath: "mali-war.md", reason: "duplicate-id", detail: expect.stringContaining("Mali War.txt") }]);
  });

  it("skips files with no paragraphs as empty", async () => {
    const corpus = await corpusOf({ "empty.txt": "", "title-only.txt": "= Only a title =\n", "real.txt": "Text." });
    expect(corpus.documents.map((d) => d.id)).toEqual(["real"]);
    expect(corpus.skipped.map((s) => [s.relativePath, s.reason])).toEqual([
      ["empty.txt", "empty"],
      ["title-only.txt", "empty"],
    ]);
  });

  it("still records the hash of a skipped file, so removing or filling it makes the index stale", async () => {
    const corpus = await corpusOf({ "empty.txt": "= Only a title =\n", "real.txt": "Text." });
    expect(corpus.fileHashes).toEqual({ "empty.txt": sha256("= Only a title =\n"), "real.txt": sha256("Text.") });
  });

  it("gives every document id the slug shape, also for names without Latin letters", async () => {
    const corpus = await corpusOf({ "Ωμέγα.txt": "a", "Crème brûlée.md": "b", "x.txt": "c", "日本.txt": "d", "中国.txt": "e" });
    for (const document of corpus.documents) expect(document.id).toMatch(SLUG_PATTERN);
    expect(new Set(corpus.documents.map((d) => d.id)).size).toBe(5);
  });

  it("parses the real corpus into the three documents with unique ids across the corpus", async () => {
    for (const name of CORPUS_FILES) await fs.copyFile(path.join(CORPUS_DIR, name), path.join(directory, name));
    const corpus = await loadCorpus(directory);
    expect(corpus.documents.map((d) => d.id)).toEqual(["battle-of-the-wagadou-forest-2011", "mali-war", "nampala-raid-2015"]);
    const all = corpus.documents.flatMap(ids);
    expect(new Set(all).size).toBe(all.length);
  });
});
