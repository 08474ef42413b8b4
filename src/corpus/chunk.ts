import { RecursiveCharacterTextSplitter } from "@langchain/textsplitters";
import type { CorpusDocument, Paragraph } from "./types.js";

/** A piece of one paragraph that is embedded and indexed; `start`/`end` are offsets into the paragraph text. */
export interface Chunk {
  paragraphId: string;
  start: number;
  end: number;
}

export interface ChunkOptions {
  chunkSize: number;
  chunkOverlap: number;
}

export const DEFAULT_CHUNK_OPTIONS: ChunkOptions = { chunkSize: 500, chunkOverlap: 100 };

/** Prefers sentence and clause boundaries over word boundaries when a paragraph is too long. */
const SEPARATORS = ["\n", ". ", "; ", ", ", " ", ""];

/**
 * Splits every paragraph on its own, so a chunk never spans two paragraphs.
 * Chunks are located in their paragraph by offset so the cited text is always the source text.
 */
export async function chunkParagraphs(paragraphs: Paragraph[], options: ChunkOptions = DEFAULT_CHUNK_OPTIONS): Promise<Chunk[]> {
  const splitter = new RecursiveCharacterTextSplitter({ ...options, separators: SEPARATORS, keepSeparator: true });
  const chunks: Chunk[] = [];
  for (const paragraph of paragraphs) {
    if (paragraph.text.length <= options.chunkSize) {
      chunks.push({ paragraphId: paragraph.id, start: 0, end: paragraph.text.length });
      continue;
    }
    let cursor = 0;
    for (const piece of await splitter.splitText(paragraph.text)) {
      // keepSeparator leaves ". " at the head of the next piece; the chunk starts at its first word.
      const trimmed = piece.replace(/^[\s.;,]+/, "").trimEnd();
      if (!trimmed) continue;
      const start = paragraph.text.indexOf(trimmed, Math.max(0, cursor - options.chunkSize));
      if (start < 0) throw new Error(`chunk of ${paragraph.id} not found in its paragraph`);
      chunks.push({ paragraphId: paragraph.id, start, end: start + trimmed.length });
      cursor = start + 1;
    }
  }
  return chunks;
}
