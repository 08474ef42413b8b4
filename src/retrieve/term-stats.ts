import type { PassageStore } from "../store/passage-store.js";
import { contentTerms } from "./terms.js";

/** How many sentences and document titles use each term, and how many there are in all. */
export interface TermFrequencies {
  documentFrequency: ReadonlyMap<string, number>;
  total: number;
}

/**
 * The content terms of every sentence and paragraph context, computed once at load, and their
 * inverse document frequencies over the corpus's sentences. Over a part of the corpus (the passages
 * one question reads from the database), `corpus` gives the whole corpus's frequencies instead.
 */
export class TermStats {
  private readonly documentFrequency: ReadonlyMap<string, number>;
  private readonly total: number;
  /** Content terms of each sentence, by sentence row. */
  private readonly sentenceTerms: Set<string>[];
  /** Content terms of each paragraph's document title and section. */
  private readonly contextTerms = new Map<string, Set<string>>();
  /** Content terms of each document's title. */
  readonly titleTerms = new Map<string, Set<string>>();

  constructor(passages: PassageStore, corpus?: TermFrequencies) {
    this.sentenceTerms = passages.data.sentences.map((_, row) => new Set(contentTerms(passages.sentenceText(row))));
    for (const document of passages.documents.values()) this.titleTerms.set(document.id, new Set(contentTerms(document.title)));
    const { documentFrequency, total } = corpus ?? this.frequencies();
    this.documentFrequency = documentFrequency;
    this.total = total;
    for (const paragraph of passages.data.paragraphs) {
      const title = passages.documents.get(paragraph.docId)?.title ?? "";
      this.contextTerms.set(paragraph.id, new Set(contentTerms(`${title} ${paragraph.section}`)));
    }
  }

  /** The frequencies over these passages alone: per document, what the Postgres store keeps to sum over the corpus. */
  frequencies(): TermFrequencies {
    const titles = [...this.titleTerms.values()];
    const documentFrequency = new Map<string, number>();
    for (const terms of [...this.sentenceTerms, ...titles]) {
      for (const term of terms) documentFrequency.set(term, (documentFrequency.get(term) ?? 0) + 1);
    }
    return { documentFrequency, total: this.sentenceTerms.length + titles.length };
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
