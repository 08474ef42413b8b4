import type { Paragraph } from "./types.js";

/** A sentence of a paragraph; `start`/`end` are offsets into the paragraph text. */
export interface Sentence {
  paragraphId: string;
  start: number;
  end: number;
}

const segmenter = new Intl.Segmenter("en", { granularity: "sentence" });

/**
 * ICU (as shipped with Node) breaks after every abbreviation ("Col. Assimi Goïta", "the U.S. Army").
 * A break is undone when the piece ends in a title, an initial or a dotted acronym, or when the next
 * piece starts in lower case.
 */
const ABBREVIATION_END = /(?:\b(?:Mr|Mrs|Ms|Dr|Prof|Col|Gen|Lt|Capt|Cpt|Maj|Sgt|Cmdr|Adm|Gov|Sen|Rep|Pres|St|Jr|Sr|Mt|No|Fig|vs|approx|ca|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)\.|\b[A-Z]\.|\b(?:[A-Za-z]\.){2,})\s*$/;

function segments(text: string): { start: number; end: number }[] {
  const pieces: { start: number; end: number }[] = [];
  for (const { segment, index } of segmenter.segment(text)) {
    const previous = pieces[pieces.length - 1];
    const continues = previous && (ABBREVIATION_END.test(text.slice(previous.start, previous.end)) || /^\s*[a-z]/.test(segment));
    if (previous && continues) previous.end = index + segment.length;
    else pieces.push({ start: index, end: index + segment.length });
  }
  return pieces;
}

/** Splits paragraphs into sentences (ICU rules, abbreviation-aware); an infobox fact is one sentence. */
export function splitSentences(paragraphs: Paragraph[]): Sentence[] {
  const sentences: Sentence[] = [];
  for (const paragraph of paragraphs) {
    if (paragraph.kind === "fact") {
      sentences.push({ paragraphId: paragraph.id, start: 0, end: paragraph.text.length });
      continue;
    }
    for (const piece of segments(paragraph.text)) {
      const raw = paragraph.text.slice(piece.start, piece.end);
      const lead = raw.length - raw.trimStart().length;
      const trimmed = raw.trim();
      if (trimmed) sentences.push({ paragraphId: paragraph.id, start: piece.start + lead, end: piece.start + lead + trimmed.length });
    }
  }
  return sentences;
}
