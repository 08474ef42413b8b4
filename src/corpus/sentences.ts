import { boundedPieces } from "./bounded-pieces.js";
import type { Paragraph } from "./types.js";

/** A sentence of a paragraph; `start`/`end` are offsets into the paragraph text. */
export interface Sentence {
  paragraphId: string;
  start: number;
  end: number;
}

let segmenter: Intl.Segmenter | undefined;

/** Created on first use: loading ICU's sentence rules takes 13-20 ms (measured), which a restart that splits nothing need not pay. */
function sentenceSegmenter(): Intl.Segmenter {
  segmenter ??= new Intl.Segmenter("en", { granularity: "sentence" });
  return segmenter;
}

/**
 * ICU (as shipped with Node) breaks after every abbreviation ("Col. Assimi Goïta", "the U.S. Army").
 * A break is undone when the piece ends in a title, an initial or a dotted acronym, or when the next
 * piece starts in lower case.
 */
const ABBREVIATION_END = /(?:\b(?:Mr|Mrs|Ms|Dr|Prof|Col|Gen|Lt|Capt|Cpt|Maj|Sgt|Cmdr|Adm|Gov|Sen|Rep|Pres|St|Jr|Sr|Mt|No|Fig|vs|approx|ca|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)\.|\b[A-Z]\.|\b(?:[A-Za-z]\.){2,})\s*$/;

/** Longer than any abbreviation the pattern above can match, so testing this tail is testing the piece. */
const TAIL = 24;
/** The segmenter runs over windows of at most this many characters (cut at a line break, sentence end or space). */
const WINDOW = 10_000;
/** Pieces are not merged past this length, so lower-case text without sentence ends still yields bounded sentences. */
const MAX_MERGED = 2_000;
/** A "sentence" of code: the block is cut at line breaks into pieces of at most this length. */
const CODE_PIECE = 1_000;

function segments(text: string): { start: number; end: number }[] {
  const pieces: { start: number; end: number }[] = [];
  for (const window of boundedPieces(text, WINDOW)) {
    for (const { segment, index: local } of sentenceSegmenter().segment(text.slice(window.start, window.end))) {
      const index = window.start + local;
      const previous = pieces[pieces.length - 1];
      // Only the previous piece's tail is tested, so merging many pieces stays linear.
      const continues = previous && previous.end - previous.start < MAX_MERGED && (ABBREVIATION_END.test(text.slice(Math.max(previous.start, previous.end - TAIL), previous.end)) || /^\s*[a-z]/.test(segment));
      if (previous && continues) previous.end = index + segment.length;
      else pieces.push({ start: index, end: index + segment.length });
    }
  }
  return pieces;
}

/** A table row is one sentence; a list item is never merged with the next, but may hold several sentences. */
function lineSegments(text: string, kind: "list" | "table"): { start: number; end: number }[] {
  const pieces: { start: number; end: number }[] = [];
  const line = /[^\n]+/g;
  for (let match = line.exec(text); match; match = line.exec(text)) {
    const start = match.index;
    if (kind === "table") pieces.push(...boundedPieces(match[0], WINDOW).map((piece) => ({ start: start + piece.start, end: start + piece.end })));
    else pieces.push(...segments(match[0]).map((piece) => ({ start: start + piece.start, end: start + piece.end })));
  }
  return pieces;
}

/**
 * Splits passages into sentences: prose by ICU rules (abbreviation-aware, in bounded windows, so
 * the time is linear in the text's length), list items and table rows at their line breaks (ICU
 * breaks there), code into pieces of whole lines; an infobox fact is one sentence. This is the one
 * sentence segmenter of the project.
 */
export function splitSentences(paragraphs: Paragraph[]): Sentence[] {
  const sentences: Sentence[] = [];
  for (const paragraph of paragraphs) {
    if (paragraph.kind === "fact") {
      sentences.push({ paragraphId: paragraph.id, start: 0, end: paragraph.text.length });
      continue;
    }
    const pieces = paragraph.kind === "code" ? boundedPieces(paragraph.text, CODE_PIECE) : paragraph.kind === "list" || paragraph.kind === "table" ? lineSegments(paragraph.text, paragraph.kind) : segments(paragraph.text);
    for (const piece of pieces) {
      const raw = paragraph.text.slice(piece.start, piece.end);
      const lead = raw.length - raw.trimStart().length;
      const trimmed = raw.trim();
      if (trimmed) sentences.push({ paragraphId: paragraph.id, start: piece.start + lead, end: piece.start + lead + trimmed.length });
    }
  }
  return sentences;
}
