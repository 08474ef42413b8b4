import { DocumentBuilder } from "./document-builder.js";
import { addBlockPassages, MAX_PASSAGE_CHARS } from "./passage-parts.js";
import { TextBuilder } from "./text-builder.js";
import { formatForFile } from "./document-format.js";
import { parseMarkdown } from "./parse-markdown.js";
import type { CorpusDocument, DocumentFormat } from "./types.js";

interface Line {
  text: string;
  start: number;
}

const WIKI_TITLE = /^=(?!=)\s*(.+?)\s*(?<!=)=$/;
const WIKI_HEADING = /^(={2,6})\s*(.+?)\s*\1$/;
/** `- Key: value`, the shape of infobox facts. */
const KEY_VALUE = /^[-*]\s*([^:\n]{1,60}):(\s.*)?$/;

/** The wiki format is plain text whose first non-blank line is a `= Title =`. */
export function detectTextFormat(source: string): "wiki" | "text" {
  const first = /^\s*([^\r\n]*)/.exec(source)?.[1] ?? "";
  return WIKI_TITLE.test(first.trim()) ? "wiki" : "text";
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

/** "field-notes_2011" → "Field notes 2011": the title of a document that names none. */
export function titleFromFileName(fileName: string): string {
  const words = fileName.replace(/^.*\//, "").replace(/\.[^.]+$/, "").replace(/[-_]+/g, " ").trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/**
 * Parses wiki text (`= Title =`, `== Section ==`, an infobox of `- Key: value` lines before the
 * first heading) or plain text (paragraphs separated by blank lines) into sections and passages.
 * Each passage is exactly `source.slice(start, end)`.
 */
function parseLines(docId: string, source: string, format: "wiki" | "text"): Pick<CorpusDocument, "title" | "sections" | "paragraphs"> {
  const builder = new DocumentBuilder(docId);
  let title: string | undefined;
  let headed = false;
  let infoboxSeen = false;
  let block: Line[] = [];

  const flush = () => {
    if (block.length === 0) return;
    const facts = format === "wiki" && !headed && !infoboxSeen ? infoboxFacts(block) : undefined;
    if (facts) {
      infoboxSeen = true;
      const infobox = builder.openInfobox();
      for (const fact of facts) builder.add({ kind: "fact", text: fact.text, start: fact.start, end: fact.start + fact.text.length }, infobox);
    } else {
      const first = block[0] as Line;
      const last = block[block.length - 1] as Line;
      const start = first.start + (first.text.length - first.text.trimStart().length);
      const end = last.start + last.text.trimEnd().length;
      const text = new TextBuilder(source);
      text.verbatim(start, end);
      addBlockPassages(builder, { kind: "paragraph", start, end, parts: [{ start, end, builder: text }], maxChars: MAX_PASSAGE_CHARS });
    }
    block = [];
  };

  for (const line of splitLines(source)) {
    if (line.text.trim() === "") {
      flush();
      continue;
    }
    if (format === "wiki" && title === undefined && !headed && builder.paragraphs.length === 0 && block.length === 0) {
      const found = WIKI_TITLE.exec(line.text.trim())?.[1];
      if (found) {
        title = found;
        continue;
      }
    }
    // `== Section ==` headings are read in plain text too; only the title line and the infobox make the wiki format.
    const heading = WIKI_HEADING.exec(line.text.trim());
    if (heading?.[1] && heading[2]) {
      flush();
      headed = true;
      builder.openHeading(heading[1].length, heading[2]);
      continue;
    }
    block.push(line);
  }
  flush();
  return { title: title ?? "", sections: builder.sections, paragraphs: builder.paragraphs };
}

/**
 * Parses one text document (Markdown, wiki or plain text) into sections and passages with stable
 * ids. The format comes from `format`, else from the file name and, for `.txt`, the first line.
 */
export function parseDocument(options: { docId: string; fileName: string; source: string; format?: DocumentFormat; relativePath?: string }): CorpusDocument & { warnings?: string[] } {
  const { docId, fileName, source } = options;
  const relativePath = options.relativePath ?? fileName;
  const byName = options.format ?? formatForFile(fileName);
  const format = byName === "markdown" ? "markdown" : byName === "wiki" ? "wiki" : detectTextFormat(source);
  const parsed = format === "markdown" ? parseMarkdown(docId, source) : parseLines(docId, source, format);
  return { id: docId, fileName, relativePath, format, ...parsed, title: parsed.title || titleFromFileName(fileName) };
}
