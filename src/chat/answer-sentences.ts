import { splitSentences } from "../corpus/sentences.js";
import type { Paragraph } from "../corpus/types.js";

/**
 * The sentences of a model's answer, split exactly as the index splits paragraphs (one segmenter
 * for the whole project), as trimmed strings in order.
 */
export function answerSentences(text: string): string[] {
  const paragraph: Paragraph = { id: "answer", docId: "answer", section: "", sectionAnchor: "", ordinal: 1, kind: "paragraph", text, start: 0, end: text.length };
  return splitSentences([paragraph]).map((sentence) => text.slice(sentence.start, sentence.end));
}
