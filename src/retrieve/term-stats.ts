import type { PassageStore } from "../store/passage-store.js";
import { contentTerms } from "./terms.js";

/**
 * The content terms of every sentence and paragraph context, computed once at load, and their
 * inverse document frequencies over the corpus's sentences.
 */
export class TermStats {
  private readonly documentFrequency = new Map<string, number>();
  private readonly total: number;
  /** Content terms of each sentence, by sentence row. */
  private readonly sentenceTerms: Set<string>[];
  /** Content terms of each paragraph's document title and section. */
  private readonly contextTerms = new Map<string, Set<string>>();
  /** Content terms of each document's title. */
  readonly titleTerms = new Map<string, Set<string>>();

  constructor(passages: PassageStore) {
    this.sentenceTerms = passages.data.sentences.map((_, row) => new Set(contentTerms(passages.sentenceText(row))));
    for (const document of passages.documents.values()) this.titleTerms.set(document.id, new Set(contentTerms(document.title)));
    const titles = [...this.titleTerms.values()];
    for (const terms of [...this.sentenceTerms, ...titles]) {
      for (const term of terms) this.documentFrequency.set(term, (this.documentFrequency.get(term) ?? 0) + 1);
    }
    this.total = this.sentenceTerms.length + titles.length;
    for (const paragraph of passages.data.paragraphs) {
      const title = passages.documents.get(paragraph.docId)?.title ?? "";
      this.contextTerms.set(paragraph.id, new Set(contentTerms(`${title} ${paragraph.section}`)));
    }
  }

  termsOfSentence(row: number): Set<string> {
    return this.sentenceTerms[row] ?? new Set();
  }

  termsOfContext(paragraphId: string): Set<string> {
    return this.contextTerms.get(paragraphId) ?? new Set();
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
