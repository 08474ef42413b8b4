import MiniSearch from "minisearch";
import type { PassageStore } from "../store/passage-store.js";
import { indexTerm, tokenize } from "./terms.js";

export interface LexicalHit {
  paragraphId: string;
  score: number;
}

interface LexicalDocument {
  id: string;
  text: string;
  context: string;
}

/**
 * BM25 over paragraphs (MiniSearch). The document title and section are a separate, lighter field
 * so "Nampala casualties" finds the Nampala infobox fact "Casualties1: 11 killed".
 */
export class LexicalIndex {
  private readonly search: MiniSearch<LexicalDocument>;

  constructor(passages: PassageStore) {
    this.search = new MiniSearch<LexicalDocument>({
      fields: ["text", "context"],
      tokenize: (text) => tokenize(text),
      processTerm: (term) => indexTerm(term),
      searchOptions: {
        boost: { text: 1, context: 0.5 },
        // Typo tolerance for longer words only: short words are often names and numbers.
        fuzzy: (term) => (term.length >= 6 && !/\d/.test(term) ? 0.2 : false),
        combineWith: "OR",
      },
    });
    this.search.addAll(
      passages.data.paragraphs.map((paragraph) => ({
        id: paragraph.id,
        text: paragraph.text,
        context: `${passages.documents.get(paragraph.docId)?.title ?? ""} ${paragraph.section}`,
      })),
    );
  }

  query(text: string, limit: number): LexicalHit[] {
    return this.search
      .search(text)
      .slice(0, limit)
      .map((result) => ({ paragraphId: String(result.id), score: result.score }));
  }
}
