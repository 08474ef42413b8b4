import { splitSentences } from "../corpus/sentences.js";
import type { Paragraph } from "../corpus/types.js";

/** A sentence of an answer, with its offsets into the answer text. */
export interface AnswerSentence {
  text: string;
  start: number;
  end: number;
}

/**
 * The sentences of a model's answer, split exactly as the index splits paragraphs (one segmenter
 * for the whole project), trimmed, in order, with their offsets.
 */
export function answerSentenceSpans(text: string): AnswerSentence[] {
  const paragraph: Paragraph = { id: "answer", docId: "answer", section: "", sectionAnchor: "", ordinal: 1, kind: "paragraph", text, start: 0, end: text.length };
  return splitSentences([paragraph]).map(({ start, end }) => ({ text: text.slice(start, end), start, end }));
}

/** The sentences of a model's answer as trimmed strings, in order. */
export function answerSentences(text: string): string[] {
  return answerSentenceSpans(text).map((sentence) => sentence.text);
}
