import { boundedPieces } from "./bounded-pieces.js";
import type { DocumentBuilder } from "./document-builder.js";
import type { TextBuilder } from "./text-builder.js";
import type { ParagraphKind } from "./types.js";

/** A list or table longer than this is cited by runs of whole items or rows, each at most this long. */
export const MAX_PASSAGE_CHARS = 1500;
/** A single block (a paragraph, one list item) longer than this is cut at sentence ends into parts. */
export const MAX_BLOCK_CHARS = 8000;

/** One item of a block (the whole block, a list item, a table row): its visible text and source range. */
export interface BlockPart {
  start: number;
  end: number;
  builder: TextBuilder;
}

function addPieces(document: DocumentBuilder, kind: ParagraphKind, part: BlockPart, context: string | undefined): void {
  const { text } = part.builder;
  for (const piece of boundedPieces(text, MAX_BLOCK_CHARS)) {
    const raw = text.slice(piece.start, piece.end);
    const lead = raw.length - raw.trimStart().length;
    const pieceText = raw.trim();
    if (!pieceText) continue;
    const start = piece.start === 0 ? part.start : part.builder.sourceOffset(piece.start + lead, part.start);
    const end = piece.end === text.length ? part.end : part.builder.sourceOffset(piece.start + lead + pieceText.length, part.end);
    document.add({ kind, text: pieceText, start, end: Math.max(start, end), ...(context ? { context } : {}) });
  }
}

/**
 * Adds one block as passages: whole when it is short enough, else as runs of its parts (list items,
 * table rows) that fit `maxChars`, every run after the first carrying the table's header row as
 * context; a single oversized part is cut at sentence ends.
 */
export function addBlockPassages(document: DocumentBuilder, block: { kind: ParagraphKind; start: number; end: number; parts: BlockPart[]; maxChars: number; header?: string }): void {
  const { kind, parts, maxChars, header } = block;
  const texts = parts.map((part) => part.builder.text.trim());
  const total = texts.reduce((sum, text) => sum + text.length + 1, -1);
  if (parts.length === 1 && parts[0]) {
    addPieces(document, kind, { ...parts[0], start: block.start, end: block.end }, undefined);
    return;
  }
  if (total <= maxChars) {
    const text = texts.join("\n").trim();
    if (text) document.add({ kind, text, start: block.start, end: block.end });
    return;
  }
  let run: number[] = [];
  let runLength = 0;
  const flush = () => {
    if (run.length === 0) return;
    const first = parts[run[0] as number] as BlockPart;
    const last = parts[run[run.length - 1] as number] as BlockPart;
    const context = header && run[0] !== 0 ? header : undefined;
    if (run.length === 1) addPieces(document, kind, first, context);
    else document.add({ kind, text: run.map((index) => texts[index]).join("\n"), start: first.start, end: last.end, ...(context ? { context } : {}) });
    run = [];
    runLength = 0;
  };
  texts.forEach((text, index) => {
    if (run.length > 0 && runLength + text.length + 1 > maxChars) flush();
    run.push(index);
    runLength += text.length + 1;
  });
  flush();
}
