/** A heading-delimited part of a document. Level 1 is the lead (text before the first heading). */
export interface Section {
  /** Slug path below the document, e.g. `tuareg-rebellion-january-april-2012/coup-d-etat`. */
  anchor: string;
  title: string;
  /** Heading titles from the outermost section down to this one. */
  path: string[];
  level: number;
  paragraphIds: string[];
}

/** The formats the corpus reader understands; the file extension picks one (`.txt` with `= Title =` is wiki). */
export type DocumentFormat = "markdown" | "html" | "pdf" | "docx" | "text" | "wiki";

/** What kind of block a passage is; `fact` is one `Key: value` line of a wiki infobox. */
export type ParagraphKind = "paragraph" | "list" | "table" | "code" | "quote" | "fact";

export const PARAGRAPH_KINDS = ["paragraph", "list", "table", "code", "quote", "fact"] as const satisfies readonly ParagraphKind[];

/** The unit a citation points at: one block of a document (a paragraph, a list, a table …) or one infobox fact. */
export interface Paragraph {
  /** `docId/section-anchor/ordinal`, stable while the document's structure is unchanged. */
  id: string;
  docId: string;
  /** Display name of the section: its heading title, "Introduction" or "Infobox". */
  section: string;
  sectionAnchor: string;
  /** 1-based position within its section. */
  ordinal: number;
  kind: ParagraphKind;
  /**
   * The passage as a reader sees it. For plain text, wiki text and PDF it is exactly
   * `source.slice(start, end)`; for Markdown and HTML it is the rendered text of the block
   * (markup, inline HTML and comments removed, soft line breaks as spaces, list items and table
   * rows one per line), so it is a subsequence of the source slice with entities decoded.
   */
  text: string;
  /**
   * Offsets, in UTF-16 code units, of the block in the document's source text — or, for PDF and
   * DOCX, in `CorpusDocument.extracted.content`.
   */
  start: number;
  end: number;
  /** For paged formats (PDF): the 1-based page the passage starts on. */
  page?: number;
  /** For paged formats: the page the passage ends on, only when it differs from `page`. */
  pageEnd?: number;
  /** What a part of a split table or list needs to be read: the table's header row. Not part of `text`. */
  context?: string;
}

/** Front-matter metadata a Markdown document may declare. */
export interface DocumentMetadata {
  author?: string;
  date?: string;
  tags?: string[];
}

/**
 * The text that passage offsets point into when it is not the file itself: the text rebuilt from a
 * PDF's text layer (`text/plain`, with `pageStarts[i]` the offset where page i + 1 begins) or the
 * HTML that mammoth made from a DOCX file (`text/html`).
 */
export interface ExtractedText {
  mediaType: "text/plain" | "text/html";
  content: string;
  pageStarts?: number[];
}

export interface CorpusDocument {
  id: string;
  title: string;
  /** The file's name (its last path segment). */
  fileName: string;
  /** The file's path below the corpus folder, with `/` separators. */
  relativePath: string;
  format: DocumentFormat;
  metadata?: DocumentMetadata;
  /** Present for PDF and DOCX: the text that `Paragraph.start`/`end` refer to. */
  extracted?: ExtractedText;
  sections: Section[];
  paragraphs: Paragraph[];
}
