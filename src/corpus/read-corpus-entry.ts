import { readFile } from "node:fs/promises";
import path from "node:path";
import { DEFAULT_MAX_FILE_BYTES, type CorpusEntry, type CorpusReadOptions, type SkippedFile } from "./corpus-entry.js";
import { decodeText } from "./decode-text.js";
import { formatForFile } from "./document-format.js";
import { documentIdFor } from "./document-id.js";
import { sha256 } from "./sha256.js";
import { UnindexableError } from "./unindexable-error.js";
import type { CorpusDocument, DocumentFormat } from "./types.js";

export type EntryResult = { document: CorpusDocument; sha256: string; format: DocumentFormat; warnings: string[] } | { skipped: SkippedFile; sha256?: string };

type Parsed = Omit<CorpusDocument, "id" | "fileName" | "relativePath"> & { warnings?: string[] };

/**
 * The parsers are imported when a file is parsed: a server whose index is up to date parses nothing,
 * and loading them (pdf.js, mammoth, the Markdown and HTML parsers) was part of every start.
 */
async function parseBytes(bytes: Uint8Array, docId: string, entry: CorpusEntry, format: DocumentFormat): Promise<Parsed> {
  const fileName = path.posix.basename(entry.relativePath);
  if (format === "pdf") return (await import("./parse-pdf.js")).parsePdf(docId, bytes);
  if (format === "docx") return (await import("./parse-docx.js")).parseDocx(docId, bytes);
  const decoded = decodeText(bytes);
  if ("binary" in decoded) throw new UnindexableError("binary", `looks binary (${decoded.detail})`);
  const warnings = decoded.warning ? [decoded.warning] : [];
  if (format === "html") {
    const parsed = (await import("./parse-html.js")).parseHtmlDocument(docId, decoded.text);
    return { ...parsed, format, warnings: [...warnings, ...(parsed.warnings ?? [])] };
  }
  const { parseDocument } = await import("./parse-document.js");
  const document = parseDocument({ docId, fileName, source: decoded.text, format: format === "markdown" ? "markdown" : undefined, relativePath: entry.relativePath });
  return { ...document, warnings: [...warnings, ...((document as { warnings?: string[] }).warnings ?? [])] };
}

/**
 * Reads and parses one corpus file. Never throws for a bad file: a file that cannot be read, is
 * binary, too large, has no text layer or no passages comes back as `skipped` with its reason.
 */
export async function readCorpusEntry(_corpusDir: string, entry: CorpusEntry, options: CorpusReadOptions = {}): Promise<EntryResult> {
  const { maxFileBytes = DEFAULT_MAX_FILE_BYTES } = options;
  const { relativePath } = entry;
  const format = formatForFile(relativePath);
  if (!format) return { skipped: { relativePath, reason: "unsupported", detail: `no parser for ${path.extname(relativePath) || "files without an extension"}` } };
  let bytes: Buffer;
  try {
    bytes = await readFile(entry.absolutePath);
  } catch (error) {
    return { skipped: { relativePath, reason: "unreadable", detail: error instanceof Error ? error.message : String(error) } };
  }
  const hash = sha256(bytes);
  if (bytes.byteLength > maxFileBytes) return { skipped: { relativePath, reason: "too-large", detail: `${bytes.byteLength} bytes; the limit is ${maxFileBytes} (MAX_FILE_BYTES)` }, sha256: hash };
  if (bytes.byteLength === 0) return { skipped: { relativePath, reason: "empty", detail: "the file is empty" }, sha256: hash };
  const docId = documentIdFor(relativePath);
  try {
    const { warnings = [], ...parsed } = await parseBytes(bytes, docId, entry, format);
    const document: CorpusDocument = { ...parsed, id: docId, fileName: path.posix.basename(relativePath), relativePath };
    if (document.paragraphs.length === 0) return { skipped: { relativePath, reason: "empty", detail: "no text to index" }, sha256: hash };
    return { document, sha256: hash, format: document.format, warnings };
  } catch (error) {
    if (error instanceof UnindexableError) return { skipped: { relativePath, reason: error.reason, detail: error.message }, sha256: hash };
    return { skipped: { relativePath, reason: "unreadable", detail: `could not be parsed: ${error instanceof Error ? error.message : String(error)}` }, sha256: hash };
  }
}
