import { createHash } from "node:crypto";
import { slugify } from "./slug.js";
import type { CorpusDocument, Paragraph, ParagraphKind, Section } from "./types.js";

export type DocumentFormat = "wiki" | "markdown";

interface Line {
  text: string;
  start: number;
}

interface Heading {
  level: number;
  title: string;
}

const WIKI_TITLE = /^=(?!=)\s*(.+?)\s*(?<!=)=$/;
const WIKI_HEADING = /^(={2,6})\s*(.+?)\s*\1$/;
const MARKDOWN_TITLE = /^#\s+(.+?)(?:\s+#+)?\s*$/;
const MARKDOWN_HEADING = /^(#{2,6})\s+(.+?)(?:\s+#+)?\s*$/;
/** `- Key: value`, the shape of infobox facts. */
const KEY_VALUE = /^[-*]\s*([^:\n]{1,60}):(\s.*)?$/;

const LEAD_ANCHOR = "intro";
const INFOBOX_ANCHOR = "infobox";
/** Headings may not take the anchors of the lead and the infobox, whether or not the document has them. */
const RESERVED_ANCHORS = new Set([LEAD_ANCHOR, INFOBOX_ANCHOR]);

/** A heading with no Latin letters or digits still needs an anchor that does not depend on its position. */
function fallbackSlug(heading: string): string {
  return `section-${createHash("sha256").update(heading).digest("hex").slice(0, 8)}`;
}

/** Picks the heading syntax from the file name: Markdown for `.md`/`.markdown`, the wiki format otherwise. */
export function formatForFile(fileName: string): DocumentFormat {
  return /\.(md|markdown)$/i.test(fileName) ? "markdown" : "wiki";
}

function splitLines(source: string): Line[] {
  const lines: Line[] = [];
  const pattern = /[^\r\n]*(?:\r\n|\r|\n|$)/g;
  let match: RegExpExecArray | null;
  while ((match = pattern.exec(source)) !== null && match.index < source.length) {
    const raw = match[0];
    lines.push({ text: raw.replace(/[\r\n]+$/, ""), start: match.index });
    if (raw.length === 0) pattern.lastIndex++;
  }
  return lines;
}

function readHeading(line: string, format: DocumentFormat): Heading | undefined {
  const match = (format === "wiki" ? WIKI_HEADING : MARKDOWN_HEADING).exec(line.trim());
  if (!match?.[1] || !match[2]) return undefined;
  return { level: match[1].length, title: match[2] };
}

function readTitle(line: string, format: DocumentFormat): string | undefined {
  return (format === "wiki" ? WIKI_TITLE : MARKDOWN_TITLE).exec(line.trim())?.[1];
}

/** A lead block of `- Key: value` lines, optionally under a one-line caption such as "Infobox". */
function infoboxFacts(block: Line[]): Line[] | undefined {
  const [first, ...rest] = block;
  if (!first) return undefined;
  const facts = KEY_VALUE.test(first.text) ? block : rest;
  if (facts.length < 2 || !facts.every((line) => KEY_VALUE.test(line.text))) return undefined;
  // The fact's text starts after the list marker so a citation reads "Date: June 24, 2011".
  return facts.map((line) => {
    const offset = line.text.search(/[^-*\s]/);
    return { text: line.text.slice(offset).trimEnd(), start: line.start + offset };
  });
}

function humanize(fileStem: string): string {
  const words = fileStem.replace(/[-_]+/g, " ").trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/**
 * Parses one document into sections and paragraphs with stable ids.
 * Paragraphs are runs of non-blank lines; headings also end a paragraph.
 */
export function parseDocument(options: {
  docId: string;
  fileName: string;
  source: string;
  format?: DocumentFormat;
}): CorpusDocument {
  const { docId, fileName, source } = options;
  const format = options.format ?? formatForFile(fileName);
  const lines = splitLines(source);

  let title: string | undefined;
  const sections: Section[] = [];
  const paragraphs: Paragraph[] = [];
  const usedAnchors = new Set<string>();
  const stack: Section[] = [];
  let current: Section | undefined;
  let lead: Section | undefined;
  let block: Line[] = [];

  const openSection = (level: number, heading: string, wantedSlug: string): Section => {
    // The lead and the infobox (level 1) are siblings of the headed sections, never their parents.
    if (level === 1) stack.length = 0;
    while (stack.length > 0 && (stack[stack.length - 1]?.level ?? 0) >= level) stack.pop();
    const parent = stack[stack.length - 1];
    const base = wantedSlug || fallbackSlug(heading);
    const slug = level > 1 && !parent && RESERVED_ANCHORS.has(base) ? `${base}-section` : base;
    let anchor = parent ? `${parent.anchor}/${slug}` : slug;
    for (let n = 2; usedAnchors.has(anchor); n++) anchor = `${parent ? `${parent.anchor}/` : ""}${slug}-${n}`;
    usedAnchors.add(anchor);
    const section: Section = {
      anchor,
      title: heading,
      path: [...(parent?.path ?? []), heading],
      level,
      paragraphIds: [],
    };
    sections.push(section);
    if (level > 1) stack.push(section);
    return section;
  };

  const addParagraph = (section: Section, kind: ParagraphKind, start: number, end: number) => {
    const ordinal = section.paragraphIds.length + 1;
    const id = `${docId}/${section.anchor}/${ordinal}`;
    section.paragraphIds.push(id);
    paragraphs.push({
      id,
      docId,
      section: section.title,
      sectionAnchor: section.anchor,
      ordinal,
      kind,
      text: source.slice(start, end),
      start,
      end,
    });
  };

  const flush = () => {
    if (block.length === 0) return;
    const beforeHeadings = sections.every((section) => section.level === 1);
    const facts = beforeHeadings && !sections.some((s) => s.anchor === INFOBOX_ANCHOR) ? infoboxFacts(block) : undefined;
    if (facts) {
      const infobox = openSection(1, "Infobox", INFOBOX_ANCHOR);
      for (const fact of facts) addParagraph(infobox, "infobox", fact.start, fact.start + fact.text.length);
      // Lead text after the infobox continues the same lead section.
      current = lead;
    } else {
      if (!current) {
        lead ??= openSection(1, "Introduction", LEAD_ANCHOR);
        current = lead;
      }
      const first = block[0] as Line;
      const last = block[block.length - 1] as Line;
      const start = first.start + (first.text.length - first.text.trimStart().length);
      addParagraph(current, "text", start, last.start + last.text.trimEnd().length);
    }
    block = [];
  };

  for (const line of lines) {
    if (line.text.trim() === "") {
      flush();
      continue;
    }
    if (title === undefined && sections.length === 0 && block.length === 0) {
      const found = readTitle(line.text, format);
      if (found) {
        title = found;
        continue;
      }
    }
    const heading = readHeading(line.text, format);
    if (heading) {
      flush();
      // Level 2 is the top heading level in both formats; the lead is level 1.
      current = openSection(heading.level, heading.title, slugify(heading.title));
      continue;
    }
    block.push(line);
  }
  flush();

  return {
    id: docId,
    title: title ?? humanize(fileName.replace(/\.[^.]+$/, "")),
    fileName,
    sections,
    paragraphs,
  };
}
