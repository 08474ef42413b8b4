import { parseHtmlDocument } from "./parse-html.js";
import { UnindexableError } from "./unindexable-error.js";
import type { CorpusDocument } from "./types.js";

/**
 * Parses a DOCX file: mammoth turns it into HTML (Word's heading styles become h1–h6), which then
 * takes the HTML path. Passage offsets point into that HTML, kept as the document's `extracted` text.
 */
export async function parseDocx(docId: string, bytes: Uint8Array): Promise<Omit<CorpusDocument, "id" | "fileName" | "relativePath"> & { warnings: string[] }> {
  // mammoth is loaded with the first Word file, as pdf.js is with the first PDF.
  const { default: mammoth } = await import("mammoth");
  let html: string;
  let messages: { type: string; message: string }[];
  try {
    ({ value: html, messages } = await mammoth.convertToHtml({ buffer: Buffer.from(bytes) }));
  } catch (error) {
    throw new UnindexableError("unreadable", `not a readable DOCX file (${error instanceof Error ? error.message : String(error)})`);
  }
  const parsed = parseHtmlDocument(docId, html);
  const warnings = messages.filter((message) => message.type === "error").map((message) => `DOCX: ${message.message}`);
  return { ...parsed, format: "docx", extracted: { mediaType: "text/html", content: html }, warnings };
}
