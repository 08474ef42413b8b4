import type { Chunk } from "./chunk.js";
import { describeFact } from "./infobox-keys.js";
import type { CorpusDocument, Paragraph } from "./types.js";

/** The infobox facts of a paragraph's document, for naming the sides of numbered facts. */
function infoboxOf(document: CorpusDocument): Paragraph[] {
  return document.paragraphs.filter((paragraph) => paragraph.kind === "fact");
}

/** The text the embedder sees for a chunk: the chunk with its document and section as context. */
export function chunkEmbeddingText(document: CorpusDocument, paragraph: Paragraph, chunk: Chunk): string {
  const body = paragraph.text.slice(chunk.start, chunk.end);
  const section = document.sections.find((s) => s.anchor === paragraph.sectionAnchor);
  const where = section && section.level > 1 ? section.path.join(" > ") : paragraph.section;
  return `${document.title}. ${where}. ${paragraph.kind === "fact" ? describeFact(paragraph, infoboxOf(document)) : body}`;
}

/**
 * The text the embedder sees for a sentence: prefixed with the document title, because a sentence
 * such as "It was formed in 2015" only means something together with what it is about.
 */
export function sentenceEmbeddingText(document: CorpusDocument, paragraph: Paragraph, sentence: string): string {
  return `${document.title}: ${paragraph.kind === "fact" ? describeFact(paragraph, infoboxOf(document)) : sentence}`;
}
