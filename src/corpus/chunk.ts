import type { Paragraph } from "./types.js";

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

/** Finds each splitter piece in the paragraph, in order; a piece's trailing full stop stays with it. */
function locatePieces(text: string, pieces: string[]): { start: number; end: number }[] {
  const ranges: { start: number; end: number }[] = [];
  let cursor = 0;
  for (const piece of pieces) {
    // keepSeparator puts ". " at the head of the next piece; the chunk starts at its first word.
    const trimmed = piece.replace(/^[\s.;,]+/, "").trimEnd();
    if (!trimmed) continue;
    const start = text.indexOf(trimmed, cursor);
    if (start < 0) throw new Error("a chunk was not found in its paragraph");
    let end = start + trimmed.length;
    while (end < text.length && /[.;,!?]/.test(text.charAt(end))) end++;
    ranges.push({ start, end });
    cursor = end;
  }
  return ranges;
}

/**
 * Splits every paragraph on its own, so a chunk never spans two paragraphs. Long paragraphs are
 * split at sentence, clause or word boundaries (LangChain's recursive splitter), then each chunk
 * reaches back up to `chunkOverlap` characters into the previous one, starting at a word. The
 * splitter's own overlap only repeats whole pieces, which for long sentences means none at all.
 */
export async function chunkParagraphs(paragraphs: Paragraph[], options: ChunkOptions = DEFAULT_CHUNK_OPTIONS): Promise<Chunk[]> {
  const { chunkSize, chunkOverlap } = options;
  // Imported here, not with this module: DEFAULT_CHUNK_OPTIONS is read at every start, which
  // otherwise loaded LangChain's core and LangSmith (0.8 MB of code) to split nothing.
  const { RecursiveCharacterTextSplitter } = await import("@langchain/textsplitters");
  // Room for the overlap and a trailing full stop, so no chunk exceeds chunkSize.
  const splitter = new RecursiveCharacterTextSplitter({ chunkSize: chunkSize - chunkOverlap - 1, chunkOverlap: 0, separators: SEPARATORS, keepSeparator: true });
  const chunks: Chunk[] = [];
  for (const paragraph of paragraphs) {
    const { text } = paragraph;
    if (text.length <= chunkSize) {
      chunks.push({ paragraphId: paragraph.id, start: 0, end: text.length });
      continue;
    }
    const ranges = locatePieces(text, await splitter.splitText(text));
    ranges.forEach((range, index) => {
      let start = range.start;
      if (index > 0) {
        start = Math.max((ranges[index - 1] as { start: number }).start + 1, range.start - chunkOverlap);
        while (start < range.start && /\S/.test(text.charAt(start - 1))) start++;
      }
      chunks.push({ paragraphId: paragraph.id, start, end: range.end });
    });
  }
  return chunks;
}
