import type { PassageStore } from "../store/passage-store.js";
import { contentTerms } from "./terms.js";

/** Inverse document frequencies of content terms over the corpus's sentences. */
export class TermStats {
  private readonly documentFrequency = new Map<string, number>();
  private readonly total: number;

  constructor(passages: PassageStore) {
    const units = [...passages.data.sentences.map((_, row) => passages.sentenceText(row)), ...[...passages.documents.values()].map((document) => document.title)];
    for (const unit of units) {
      for (const term of contentTerms(unit)) this.documentFrequency.set(term, (this.documentFrequency.get(term) ?? 0) + 1);
    }
    this.total = units.length;
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
