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

export type ParagraphKind = "text" | "infobox";

/** The unit a citation points at: one paragraph (or one infobox fact) with its exact source text. */
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
  /** Exactly `source.slice(start, end)`. */
  text: string;
  /** Offsets into the source file's text, in UTF-16 code units (JavaScript string indices). */
  start: number;
  end: number;
}

export interface CorpusDocument {
  id: string;
  title: string;
  fileName: string;
  sections: Section[];
  paragraphs: Paragraph[];
}
