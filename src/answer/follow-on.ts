import type { Paragraph } from "../corpus/types.js";
import type { PassageStore } from "../store/passage-store.js";

/** The kinds of passage a sentence ending in a colon can introduce. */
const BLOCK_KINDS = new Set(["code", "list", "table"]);

/** A block longer than this is cut at a line boundary in the answer (the citation still holds all of it). */
export const MAX_BLOCK_CHARS = 1200;

const LINK_OR_IMAGE = /!?\[([^\]]*)\]\([^)]*\)/g;
const URL = /\b[a-z][a-z0-9+.-]*:\/\/\S+/gi;
const TAG = /<\/?[a-z][^>]*>/gi;
/** A code fence with its info string (```js). */
const FENCE = /(`{3,}|~{3,})\S*/g;
/** A word of two letters or more, or a number: a table row of dates and versions is data, not markup. */
const WORD_OR_NUMBER = /\p{L}{2,}|\p{N}/u;

/**
 * Whether a sentence is prose a reader can take as an answer. A code fence, a badge, a line of
 * links, a tag, a URL or a table rule is markup: without its links, images, URLs, tags and fences no
 * word or number is left, or letters and digits make up less than a third of what is visible.
 * Facts ("Strength: 300"), table rows and sentences with a link in them ("See [the guide](…)
 * first.") are not.
 */
export function isAnswerSentence(text: string): boolean {
  const bare = text.replace(LINK_OR_IMAGE, " ").replace(URL, " ").replace(TAG, " ").replace(FENCE, " ");
  if (!WORD_OR_NUMBER.test(bare)) return false;
  const prose = text.replace(LINK_OR_IMAGE, "$1").replace(URL, " ").replace(TAG, " ");
  const alphanumerics = (prose.match(/[\p{L}\p{N}]/gu) ?? []).length;
  return alphanumerics >= prose.replace(/\s/g, "").length / 3;
}

/**
 * The code block, list or table that a sentence introduces: the sentence ends with a colon, it is
 * the last sentence of its passage, and the next passage of the same section is such a block
 * ("Install it via:" before a code block, "The versions are as follows:" before a list). Decided
 * by structure alone, so it holds for any wording.
 */
export function introducedBlock(passages: PassageStore, paragraphId: string, sentenceEnd: number): Paragraph | undefined {
  const paragraph = passages.paragraphs.get(paragraphId);
  if (!paragraph || BLOCK_KINDS.has(paragraph.kind)) return undefined;
  const before = paragraph.text.slice(0, sentenceEnd).trimEnd();
  if (!before.endsWith(":") || paragraph.text.slice(sentenceEnd).trim() !== "") return undefined;
  const section = passages.documents.get(paragraph.docId)?.sections.find((candidate) => candidate.anchor === paragraph.sectionAnchor);
  const position = section?.paragraphIds.indexOf(paragraphId) ?? -1;
  const next = position >= 0 ? passages.paragraphs.get(section?.paragraphIds[position + 1] ?? "") : undefined;
  return next && BLOCK_KINDS.has(next.kind) ? next : undefined;
}

/** The block's text, cut at the last line break before the limit when it is long. */
function bounded(text: string): string {
  if (text.length <= MAX_BLOCK_CHARS) return text;
  const cut = text.lastIndexOf("\n", MAX_BLOCK_CHARS);
  return `${text.slice(0, cut > 0 ? cut : MAX_BLOCK_CHARS).trimEnd()}\n…`;
}

/**
 * A row of a table passage as a one-row table under its header (the passage's context, or its
 * first line), so "5.0.0 | 2024-09-17 | TBD" is read with its column names; undefined for the
 * header itself.
 */
function tableRow(table: Paragraph, start: number, end: number): Paragraph | undefined {
  const header = table.context ?? table.text.split("\n")[0] ?? "";
  const row = table.text.slice(start, end).trim();
  if (!row || row === header.trim()) return undefined;
  return { ...table, text: row, context: header };
}

/** A table passage as a Markdown table: its header (the passage's context, or its own first row) and rows. */
function markdownTable(block: Paragraph): string[] {
  const rows = block.text.split("\n").filter((line) => line.trim() !== "");
  const header = block.context ?? rows.shift() ?? "";
  const cells = header.split(" | ").length;
  const line = (row: string) => `| ${row} |`;
  return [line(header), line(Array.from({ length: cells }, () => "---").join(" | ")), ...rows.map(line)];
}

/**
 * A block as Markdown for the answer text, its marker after it: a code fence (the marker on the
 * line after the closing fence), a list (the marker after the last item) or a table (the marker
 * on the line after it).
 */
export function formatBlock(block: Paragraph, n: number): string {
  const text = bounded(block.text.replace(/\s+$/, ""));
  if (block.kind === "code") {
    const longestRun = Math.max(2, ...[...text.matchAll(/`+/g)].map((match) => match[0].length));
    const fence = "`".repeat(longestRun + 1);
    return `${fence}\n${text}\n${fence}\n[${n}]`;
  }
  if (block.kind === "table") return `${markdownTable({ ...block, text }).join("\n")}\n[${n}]`;
  return `${text} [${n}]`;
}

/** An introducing sentence with its marker before the colon: "Install it via [1]:". */
export function withIntroMarker(sentence: string, n: number): string {
  return `${sentence.trimEnd().replace(/:$/, "").trimEnd()} [${n}]:`;
}

/**
 * A part of an extractive answer: a sentence, or a block shown as Markdown: a whole code block,
 * list or table a sentence introduced, a code block one of its lines was chosen from, or a table
 * row under its header. `start`/`end` are what the citation highlights.
 */
export interface AnswerPiece {
  paragraphId: string;
  start: number;
  end: number;
  score: number;
  block?: Paragraph;
  /** The sentence ends in a colon and its block comes next. */
  introduces?: boolean;
}

/**
 * The answer's pieces: each chosen sentence, followed by the block it introduces. A sentence of a
 * code block stands for the whole block (a line of code out of its block is no answer); a row of
 * a table is shown under the table's header. A block appears once, and sentences of a block
 * already shown are dropped.
 */
export function answerPieces(passages: PassageStore, sentences: Omit<AnswerPiece, "block" | "introduces">[]): AnswerPiece[] {
  const pieces: AnswerPiece[] = [];
  const shown = new Set<string>();
  const addBlock = (block: Paragraph, score: number) => {
    shown.add(block.id);
    pieces.push({ paragraphId: block.id, start: 0, end: block.text.length, score, block });
  };
  for (const sentence of sentences) {
    if (shown.has(sentence.paragraphId)) continue;
    const paragraph = passages.paragraphs.get(sentence.paragraphId);
    if (paragraph?.kind === "code") {
      addBlock(paragraph, sentence.score);
      continue;
    }
    const row = paragraph?.kind === "table" ? tableRow(paragraph, sentence.start, sentence.end) : undefined;
    if (row) {
      pieces.push({ ...sentence, block: row });
      continue;
    }
    const block = introducedBlock(passages, sentence.paragraphId, sentence.end);
    pieces.push({ ...sentence, ...(block && !shown.has(block.id) ? { introduces: true } : {}) });
    if (block && !shown.has(block.id)) addBlock(block, sentence.score);
  }
  return pieces;
}

/** Joins the pieces' texts: sentences with a space, blocks on lines of their own. */
export function joinAnswer(pieces: AnswerPiece[], texts: string[]): string {
  return texts.reduce((answer, text, index) => {
    if (index === 0) return text;
    const separator = pieces[index]?.block ? "\n" : pieces[index - 1]?.block ? "\n\n" : " ";
    return `${answer}${separator}${text}`;
  }, "");
}
