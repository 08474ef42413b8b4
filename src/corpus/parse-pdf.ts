import type { TextItem } from "pdfjs-dist/types/src/display/api.js";
import { DocumentBuilder } from "./document-builder.js";
import { buildBlocks, dropFurniture, joinLines, pageLines, type PdfItem, type PdfLine } from "./pdf-lines.js";
import { addBlockPassages, MAX_PASSAGE_CHARS } from "./passage-parts.js";
import { TextBuilder } from "./text-builder.js";
import { UnindexableError } from "./unindexable-error.js";
import type { CorpusDocument } from "./types.js";

async function readPages(bytes: Uint8Array): Promise<{ height: number; lines: PdfLine[] }[]> {
  // pdf.js is loaded with the first PDF: a server whose corpus needs no parsing never pays for it.
  const { getDocument } = await import("pdfjs-dist/legacy/build/pdf.mjs");
  let pdf;
  try {
    // A copy: pdf.js takes ownership of (detaches) the buffer it is given.
    pdf = await getDocument({ data: new Uint8Array(bytes), isEvalSupported: false, disableFontFace: true, useSystemFonts: false, verbosity: 0 }).promise;
  } catch (error) {
    throw new UnindexableError("unreadable", `not a readable PDF (${error instanceof Error ? error.message : String(error)})`);
  }
  try {
    const pages: { height: number; lines: PdfLine[] }[] = [];
    for (let number = 1; number <= pdf.numPages; number++) {
      const page = await pdf.getPage(number);
      const { height } = page.getViewport({ scale: 1 });
      const content = await page.getTextContent();
      const items: PdfItem[] = content.items
        .filter((item): item is TextItem => "str" in item)
        .map((item) => ({ text: item.str, x: item.transform[4] as number, y: item.transform[5] as number, width: item.width, size: Math.hypot(item.transform[2] as number, item.transform[3] as number) || item.height }));
      pages.push({ height, lines: pageLines(number, items) });
      page.cleanup();
    }
    return pages;
  } finally {
    await pdf.destroy();
  }
}

/**
 * Parses a PDF's text layer (pdf.js): lines and paragraphs rebuilt from positions, running headers,
 * footers and page numbers dropped, paragraphs joined across page breaks, hyphenation at line ends
 * mended, larger type read as headings. The rebuilt text is the document's `extracted` text
 * (paragraphs separated by a blank line) and every passage is exactly a slice of it, with the page
 * it starts on and, when different, the page it ends on. A PDF without a text layer is skipped.
 */
export async function parsePdf(docId: string, bytes: Uint8Array): Promise<Omit<CorpusDocument, "id" | "fileName" | "relativePath"> & { warnings: string[] }> {
  const pages = await readPages(bytes);
  if (pages.every((page) => page.lines.length === 0)) throw new UnindexableError("no-text-layer", `no text layer on any of its ${pages.length} page(s) (scanned images are not read; no OCR)`);
  const blocks = buildBlocks(dropFurniture(pages));
  let content = "";
  const pageStarts: number[] = new Array(pages.length).fill(-1);
  const placed = blocks.map((block) => {
    if (content) content += "\n\n";
    const { text, lineStarts } = joinLines(block.lines, block.kind === "list");
    const start = content.length;
    block.lines.forEach((line, index) => {
      if (pageStarts[line.page - 1] === -1) pageStarts[line.page - 1] = start + (lineStarts[index] ?? 0);
    });
    content += text;
    return { block, start, end: content.length, text };
  });
  // A page with no text (or only furniture) starts where the next text does.
  for (let index = pageStarts.length - 1; index >= 0; index--) if (pageStarts[index] === -1) pageStarts[index] = pageStarts[index + 1] ?? content.length;

  const builder = new DocumentBuilder(docId);
  let title: string | undefined;
  for (const { block, start, end, text } of placed) {
    if (block.kind === "heading") {
      if (title === undefined && builder.paragraphs.length === 0 && builder.sections.length === 0) title = text;
      else builder.openHeading(2, text);
      continue;
    }
    const parts = new TextBuilder(content);
    parts.verbatim(start, end);
    const before = builder.paragraphs.length;
    addBlockPassages(builder, { kind: block.kind, start, end, parts: [{ start, end, builder: parts }], maxChars: MAX_PASSAGE_CHARS });
    // A part of an oversized block keeps the pages of its own span.
    for (const paragraph of builder.paragraphs.slice(before)) {
      const first = pageAt(pageStarts, paragraph.start);
      const last = pageAt(pageStarts, Math.max(paragraph.start, paragraph.end - 1));
      paragraph.page = first;
      if (last !== first) paragraph.pageEnd = last;
      else delete paragraph.pageEnd;
    }
  }
  return { title: title ?? "", format: "pdf", extracted: { mediaType: "text/plain", content, pageStarts }, sections: builder.sections, paragraphs: builder.paragraphs, warnings: [] };
}

/** The 1-based page holding an offset of the extracted text. */
function pageAt(pageStarts: number[], offset: number): number {
  let page = 1;
  for (let index = 0; index < pageStarts.length; index++) if ((pageStarts[index] as number) <= offset) page = index + 1;
  return page;
}
