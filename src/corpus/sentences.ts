import type { Paragraph } from "./types.js";

/** A sentence of a paragraph; `start`/`end` are offsets into the paragraph text. */
export interface Sentence {
  paragraphId: string;
  start: number;
  end: number;
}

const segmenter = new Intl.Segmenter("en", { granularity: "sentence" });

/** Splits paragraphs into sentences (ICU rules); an infobox fact is one sentence. */
export function splitSentences(paragraphs: Paragraph[]): Sentence[] {
  const sentences: Sentence[] = [];
  for (const paragraph of paragraphs) {
    if (paragraph.kind === "infobox") {
      sentences.push({ paragraphId: paragraph.id, start: 0, end: paragraph.text.length });
      continue;
    }
    for (const { segment, index } of segmenter.segment(paragraph.text)) {
      const trimmed = segment.trimEnd();
      const lead = trimmed.length - trimmed.trimStart().length;
      if (trimmed.trim()) sentences.push({ paragraphId: paragraph.id, start: index + lead, end: index + trimmed.length });
    }
  }
  return sentences;
}
