import { readFile, realpath } from "node:fs/promises";
import path from "node:path";
import { decodeText } from "../corpus/decode-text.js";
import { sha256 } from "../corpus/sha256.js";

/** What the source view needs to know about a document to find its file. */
export interface SourceFileRef {
  fileName: string;
  relativePath?: string;
}

/** Reads the Markdown a document was parsed from, or undefined when it cannot be used. */
export type MarkdownReader = (document: SourceFileRef) => Promise<string | undefined>;

/** A document's original bytes by its relative path, from wherever the corpus keeps them; undefined when gone. */
export type OriginalReader = (relativePath: string) => Promise<Uint8Array | undefined>;

/**
 * The Markdown a document was parsed from, for the rendered source view. The bytes must hash to
 * what the index was built from, or the passages' offsets would point at the wrong places (the file
 * changed since indexing): then the view falls back to the indexed passages.
 */
export function hashCheckedMarkdownReader(options: { fileHashes: Record<string, string>; readOriginal: OriginalReader }): MarkdownReader {
  const { fileHashes, readOriginal } = options;
  return async (document) => {
    const relative = document.relativePath ?? document.fileName;
    const expected = fileHashes[relative];
    if (!expected) return undefined;
    const bytes = await readOriginal(relative).catch(() => undefined);
    if (!bytes || sha256(bytes) !== expected) return undefined;
    // Decoded as the corpus reader decoded it, so offsets agree.
    const decoded = decodeText(bytes);
    return "text" in decoded ? decoded.text : undefined;
  };
}

/**
 * Reads originals from the corpus folder. The path comes from the index, never from a request, and
 * must still resolve inside the corpus.
 */
export function corpusFolderReader(corpusDir: string): OriginalReader {
  return async (relative) => {
    try {
      const root = await realpath(corpusDir);
      const file = await realpath(path.resolve(root, relative));
      if (!file.startsWith(root + path.sep)) return undefined;
      return await readFile(file);
    } catch {
      // Gone or unreadable: the passages are still there to show.
      return undefined;
    }
  };
}
