import type { Chunk } from "../corpus/chunk.js";
import type { Sentence } from "../corpus/sentences.js";
import type { CorpusDocument, DocumentFormat, DocumentMetadata, ExtractedText, Paragraph, Section } from "../corpus/types.js";

export interface StoredDocument {
  id: string;
  title: string;
  fileName: string;
  relativePath: string;
  format: DocumentFormat;
  metadata?: DocumentMetadata;
  /** For PDF and DOCX: the text that passage offsets point into (see CorpusDocument.extracted). */
  extracted?: ExtractedText;
  sections: Section[];
}

/** Everything the index knows about the text: chunk labels and sentence rows are array positions. */
export interface PassageData {
  documents: StoredDocument[];
  paragraphs: Paragraph[];
  chunks: Chunk[];
  sentences: Sentence[];
}

/** Lookups over the stored passages, built once at load. */
export class PassageStore {
  readonly documents = new Map<string, StoredDocument>();
  readonly paragraphs = new Map<string, Paragraph>();
  /** Rows of `data.sentences` for each paragraph, in text order. */
  readonly sentenceRows = new Map<string, number[]>();

  constructor(readonly data: PassageData) {
    for (const document of data.documents) this.documents.set(document.id, document);
    for (const paragraph of data.paragraphs) this.paragraphs.set(paragraph.id, paragraph);
    data.sentences.forEach((sentence, row) => {
      const rows = this.sentenceRows.get(sentence.paragraphId) ?? [];
      rows.push(row);
      this.sentenceRows.set(sentence.paragraphId, rows);
    });
  }

  static fromDocuments(documents: CorpusDocument[], chunks: Chunk[], sentences: Sentence[]): PassageStore {
    return new PassageStore({
      documents: documents.map(({ id, title, fileName, relativePath, format, metadata, extracted, sections }) => ({
        id,
        title,
        fileName,
        relativePath,
        format,
        ...(metadata ? { metadata } : {}),
        ...(extracted ? { extracted } : {}),
        sections,
      })),
      paragraphs: documents.flatMap((document) => document.paragraphs),
      chunks,
      sentences,
    });
  }

  paragraphsOf(docId: string): Paragraph[] {
    const document = this.documents.get(docId);
    if (!document) return [];
    return document.sections.flatMap((section) => section.paragraphIds.map((id) => this.paragraphs.get(id) as Paragraph));
  }

  sentenceText(row: number): string {
    const sentence = this.data.sentences[row];
    if (!sentence) throw new RangeError(`no sentence ${row}`);
    return (this.paragraphs.get(sentence.paragraphId) as Paragraph).text.slice(sentence.start, sentence.end);
  }

  chunkText(label: number): string {
    const chunk = this.data.chunks[label];
    if (!chunk) throw new RangeError(`no chunk ${label}`);
    return (this.paragraphs.get(chunk.paragraphId) as Paragraph).text.slice(chunk.start, chunk.end);
  }
}
