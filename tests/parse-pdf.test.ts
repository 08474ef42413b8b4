import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parsePdf } from "../src/corpus/parse-pdf.js";

const REPORT = readFileSync(new URL("fixtures/report.pdf", import.meta.url));
const SCANNED = readFileSync(new URL("fixtures/scanned.pdf", import.meta.url));
/** The HTML the PDF was printed from (scripts/make-fixtures.ts). */
const SOURCE_HTML = readFileSync(new URL("fixtures/sources/report.html", import.meta.url), "utf8");

describe("parsePdf (tests/fixtures/report.pdf, printed by Chromium with a running header and page numbers)", async () => {
  const document = await parsePdf("report", REPORT);
  const content = document.extracted?.content ?? "";

  it("takes the title from the largest type and the headings as sections", () => {
    expect(document.title).toBe("Fastify in Production");
    expect(document.sections.map((section) => section.title)).toEqual(["Introduction", "Use a reverse proxy", "Kubernetes", "Capacity planning"]);
  });

  it("drops the running header and the page numbers", () => {
    expect(content).not.toContain("Field Notes");
    expect(content).not.toMatch(/Page \d/);
  });

  it("slices every passage exactly out of the extracted text and knows its pages", () => {
    expect(document.extracted?.mediaType).toBe("text/plain");
    for (const paragraph of document.paragraphs) {
      expect(content.slice(paragraph.start, paragraph.end)).toBe(paragraph.text);
      expect(paragraph.page).toBeGreaterThanOrEqual(1);
      if (paragraph.pageEnd !== undefined) expect(paragraph.pageEnd).toBeGreaterThan(paragraph.page as number);
    }
    const starts = document.extracted?.pageStarts ?? [];
    expect(starts.length).toBe(3);
    expect([...starts].sort((a, b) => a - b)).toEqual(starts);
  });

  it("joins a paragraph that crosses a page break and records both pages", () => {
    const crossing = document.paragraphs.find((paragraph) => paragraph.text.startsWith("The readiness probe"));
    expect(crossing?.text).toMatch(/must listen on 0\.0\.0\.0 or specify a custom hostname/);
    expect([crossing?.page, crossing?.pageEnd]).toEqual([1, 2]);
  });

  it("mends words hyphenated at the end of a line", () => {
    for (const word of ["asynchronously", "authorization", "representative"]) expect(content).toContain(word);
    expect(content).not.toMatch(/\p{L}[\u2010\u00AD-] \p{Ll}/u);
  });

  it("loses no word of the printed text", () => {
    const body = SOURCE_HTML.slice(SOURCE_HTML.indexOf("<body>")).replace(/&shy;/g, "").replace(/<[^>]+>/g, " ");
    for (const word of body.match(/[\p{L}\p{N}’'.-]+/gu) ?? []) expect(content).toContain(word.replace(/[.]$/, ""));
  });
});

describe("parsePdf without a text layer", () => {
  it("skips it with that reason", async () => {
    await expect(parsePdf("scanned", SCANNED)).rejects.toMatchObject({ name: "UnindexableError", reason: "no-text-layer" });
  });

  it("reports bytes that are not a PDF as unreadable", async () => {
    await expect(parsePdf("broken", Buffer.from("%PDF-1.7 truncated"))).rejects.toMatchObject({ name: "UnindexableError", reason: "unreadable" });
  });
});
