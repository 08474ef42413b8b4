import type { PassageStore } from "../store/passage-store.js";
import { contentTerms } from "./terms.js";

/** How many sentences and document titles use each term, and how many there are in all. */
export interface TermFrequencies {
  documentFrequency: ReadonlyMap<string, number>;
  total: number;
}

/**
 * Inverse document frequencies of content terms over the corpus's sentences and document titles,
 * and the content terms of each sentence and paragraph context. Over a part of the corpus (the
 * passages one question reads from the database), or when the index saved them, `corpus` gives the
 * whole corpus's frequencies; otherwise they are counted here, once.
 */
export class TermStats {
  private readonly documentFrequency: ReadonlyMap<string, number>;
  private readonly total: number;
  /**
   * Content terms of each sentence, by sentence row, found when first asked for: a question reads a
   * few hundred sentences, and finding the terms of every sentence of the corpus was the largest
   * part of a restart once the frequencies were saved with the index (0.1 s for 43 documents).
   */
  private readonly sentenceTerms: (Set<string> | undefined)[];
  /** Content terms of each paragraph's sentences together, found when first asked for. */
  private readonly paragraphTerms = new Map<string, Set<string>>();
  /** Content terms of each paragraph's document title and section, found when first asked for. */
  private readonly contextTerms = new Map<string, Set<string>>();
  /** Content terms of each document's title. */
  readonly titleTerms = new Map<string, Set<string>>();

  constructor(private readonly passages: PassageStore, corpus?: TermFrequencies) {
    this.sentenceTerms = new Array<Set<string> | undefined>(passages.data.sentences.length);
    for (const document of passages.documents.values()) this.titleTerms.set(document.id, new Set(contentTerms(document.title)));
    const { documentFrequency, total } = corpus ?? this.frequencies();
    this.documentFrequency = documentFrequency;
    this.total = total;
  }

  /** The frequencies over these passages alone: per document, what the Postgres store keeps to sum over the corpus. */
  frequencies(): TermFrequencies {
    const titles = [...this.titleTerms.values()];
    const documentFrequency = new Map<string, number>();
    const sentences = this.passages.data.sentences.map((_, row) => this.termsOfSentence(row));
    for (const terms of [...sentences, ...titles]) {
      for (const term of terms) documentFrequency.set(term, (documentFrequency.get(term) ?? 0) + 1);
    }
    return { documentFrequency, total: sentences.length + titles.length };
  }

  termsOfSentence(row: number): Set<string> {
    if (row < 0 || row >= this.sentenceTerms.length) return new Set();
    let terms = this.sentenceTerms[row];
    if (!terms) this.sentenceTerms[row] = terms = new Set(contentTerms(this.passages.sentenceText(row)));
    return terms;
  }

  termsOfParagraph(paragraphId: string): Set<string> {
    let terms = this.paragraphTerms.get(paragraphId);
    if (terms) return terms;
    terms = new Set<string>();
    for (const row of this.passages.sentenceRows.get(paragraphId) ?? []) for (const term of this.termsOfSentence(row)) terms.add(term);
    this.paragraphTerms.set(paragraphId, terms);
    return terms;
  }

  termsOfContext(paragraphId: string): Set<string> {
    let terms = this.contextTerms.get(paragraphId);
    if (terms) return terms;
    const paragraph = this.passages.paragraphs.get(paragraphId);
    if (!paragraph) return new Set();
    const title = this.passages.documents.get(paragraph.docId)?.title ?? "";
    this.contextTerms.set(paragraphId, (terms = new Set(contentTerms(`${title} ${paragraph.section}`))));
    return terms;
  }

  /** Whether the corpus uses the term at all. */
  has(term: string): boolean {
    return this.documentFrequency.has(term);
  }

  /** BM25-style idf, floored at a small positive weight so very common terms still count a little. */
  idf(term: string): number {
    const frequency = this.documentFrequency.get(term) ?? 0;
    return Math.max(0.1, Math.log(1 + (this.total - frequency + 0.5) / (frequency + 0.5)));
  }

  /** idf-weighted share of `terms` that `present` accepts. */
  weightedShare(terms: string[], present: (term: string) => boolean): number {
    let found = 0;
    let all = 0;
    for (const term of terms) {
      const weight = this.idf(term);
      all += weight;
      if (present(term)) found += weight;
    }
    return all === 0 ? 0 : found / all;
  }
}
