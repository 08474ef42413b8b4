/** One run of text on a PDF page, in PDF units with y growing upwards (pdf.js text items). */
export interface PdfItem {
  text: string;
  x: number;
  y: number;
  width: number;
  size: number;
}

/** A line of text rebuilt from items that share a baseline. */
export interface PdfLine {
  page: number;
  text: string;
  x: number;
  y: number;
  size: number;
}

/** Groups a page's items into lines (top to bottom), putting a space where items are apart. */
export function pageLines(page: number, items: PdfItem[]): PdfLine[] {
  const sorted = items.filter((item) => item.text.length > 0).sort((a, b) => b.y - a.y || a.x - b.x);
  const groups: PdfItem[][] = [];
  for (const item of sorted) {
    const group = groups[groups.length - 1];
    const first = group?.[0];
    if (group && first && Math.abs(first.y - item.y) < Math.max(first.size, item.size) * 0.5) group.push(item);
    else groups.push([item]);
  }
  return groups.flatMap((group) => {
    group.sort((a, b) => a.x - b.x);
    let text = "";
    let previousEnd: number | undefined;
    for (const item of group) {
      const gap = previousEnd === undefined ? 0 : item.x - previousEnd;
      if (previousEnd !== undefined && gap > item.size * 0.15 && !text.endsWith(" ") && !item.text.startsWith(" ")) text += " ";
      text += item.text;
      previousEnd = item.x + item.width;
    }
    const clean = text.replace(/\s+/g, " ").trim();
    if (!clean) return [];
    const size = Math.max(...group.map((item) => item.size));
    return [{ page, text: clean, x: group[0]?.x ?? 0, y: group[0]?.y ?? 0, size }];
  });
}

/** "Page 3", "3", "3 / 12", "- 3 -", "iv": a line that is only a page number. */
const PAGE_NUMBER = /^(?:page\s*)?[-–—(]?\s*(?:\d{1,4}|[ivxlcdm]{1,7})\s*[-–—)]?(?:\s*(?:of|\/)\s*\d{1,4})?$/i;

/**
 * Running headers and footers: lines in the top or bottom margin band of the page that repeat
 * (digits ignored) at about the same height on at least half the pages, and page numbers there.
 */
export function dropFurniture(pages: { height: number; lines: PdfLine[] }[]): PdfLine[][] {
  const band = (line: PdfLine, height: number) => line.y > height * 0.88 || line.y < height * 0.12;
  const key = (line: PdfLine) => `${line.text.toLowerCase().replace(/\d+/g, "#")}@${Math.round(line.y / 12)}`;
  const counts = new Map<string, number>();
  for (const page of pages) {
    const keys = new Set(page.lines.filter((line) => band(line, page.height)).map(key));
    for (const lineKey of keys) counts.set(lineKey, (counts.get(lineKey) ?? 0) + 1);
  }
  const repeated = Math.max(2, Math.ceil(pages.length / 2));
  return pages.map((page) =>
    page.lines.filter((line) => {
      if (!band(line, page.height)) return true;
      if (PAGE_NUMBER.test(line.text)) return false;
      return pages.length < 2 || (counts.get(key(line)) ?? 0) < repeated;
    }),
  );
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}

export interface PdfBlock {
  kind: "heading" | "paragraph" | "list";
  lines: PdfLine[];
}

const BULLET = /^(?:[•◦▪‣●○■□–-]\s|\d{1,3}[.)]\s)/;
/** Ends a sentence or introduces what follows: a paragraph ending so does not continue on the next page. */
const CLOSED = /[.!?:;)"”’]$/;

/**
 * Rebuilds headings, paragraphs and lists from lines: a larger font is a heading, a vertical gap
 * wider than the usual line spacing or an indented first line starts a paragraph, a bullet or
 * number starts a list item. A paragraph left open at the foot of a page (no closing punctuation,
 * or the next page goes on in lower case) continues on the next page.
 */
export function buildBlocks(pages: PdfLine[][]): PdfBlock[] {
  const all = pages.flat();
  const bodySize = median(all.map((line) => line.size));
  const gaps: number[] = [];
  for (const lines of pages) for (let i = 1; i < lines.length; i++) {
    const previous = lines[i - 1] as PdfLine;
    const line = lines[i] as PdfLine;
    if (Math.abs(previous.size - bodySize) < 0.5 && Math.abs(line.size - bodySize) < 0.5) gaps.push(previous.y - line.y);
  }
  const lineGap = median(gaps.filter((gap) => gap > 0)) || bodySize * 1.2;
  const leftEdge = median(all.filter((line) => Math.abs(line.size - bodySize) < 0.5).map((line) => line.x));
  const blocks: PdfBlock[] = [];
  let previousLine: PdfLine | undefined;
  for (const line of all) {
    const block = blocks[blocks.length - 1];
    const heading = line.size > bodySize * 1.15 && line.text.length < 200;
    const bullet = BULLET.test(line.text);
    const samePage = previousLine?.page === line.page;
    const gap = samePage && previousLine ? previousLine.y - line.y : 0;
    let startsNew: boolean;
    if (!block || !previousLine) startsNew = true;
    else if (heading || block.kind === "heading") startsNew = !(heading && block.kind === "heading" && samePage && gap < line.size * 1.6);
    else if (bullet) startsNew = block.kind !== "list" || gap > lineGap * 1.4;
    // A list item's wrapped lines are indented under its text; a line indented beyond the one above starts a paragraph,
    // and an indented block (a list drawn without bullet characters, a quotation) goes on at its indentation.
    else if (samePage) startsNew = gap > lineGap * 1.4 || (block.kind === "list" ? line.x <= leftEdge + 1 : line.x > previousLine.x + bodySize);
    else startsNew = CLOSED.test(previousLine.text) && !/^[a-z]/.test(line.text);
    if (startsNew || !block) blocks.push({ kind: heading ? "heading" : bullet ? "list" : "paragraph", lines: [line] });
    else block.lines.push(line);
    previousLine = line;
  }
  return blocks;
}

/** Joins a block's lines, mending a word hyphenated at a line end ("exam-" + "ple"); gives where each line starts in the text. */
export function joinLines(lines: PdfLine[], list: boolean): { text: string; lineStarts: number[] } {
  let text = "";
  const lineStarts: number[] = [];
  for (const line of lines) {
    if (!text) {
      lineStarts.push(0);
      text = line.text;
      continue;
    }
    if (list && BULLET.test(line.text)) text += "\n";
    else if (/\p{L}[-\u2010\u00AD]$/u.test(text) && /^\p{Ll}/u.test(line.text)) text = text.slice(0, -1);
    else text += " ";
    lineStarts.push(text.length);
    text += line.text;
  }
  return { text, lineStarts };
}
