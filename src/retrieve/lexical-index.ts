import MiniSearch, { type AsPlainObject, type Options } from "minisearch";
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
 * Edits BM25 tolerates in a query term (MiniSearch's fuzzy distance, a fifth of its length): typos in
 * longer words only, since short words are often names and numbers. 0: the term must match exactly.
 */
export function typoEdits(term: string): number {
  // MiniSearch caps a fuzzy fraction's distance at 6 (its maxFuzzy); a whole number is taken as is.
  return term.length >= 6 && !/\d/.test(term) ? Math.min(6, Math.round(term.length * 0.2)) : 0;
}

/** Building and loading take the same options: MiniSearch saves terms and scores, not how they were made. */
const OPTIONS: Options<LexicalDocument> = {
  fields: ["text", "context"],
  tokenize: (text) => tokenize(text),
  processTerm: (term) => indexTerm(term),
  searchOptions: {
    boost: { text: 1, context: 0.5 },
    fuzzy: (term) => typoEdits(term) || false,
    combineWith: "OR",
  },
};

/**
 * BM25 over paragraphs (MiniSearch). The document title and section are a separate, lighter field
 * so "Nampala casualties" finds the Nampala infobox fact "Casualties1: 11 killed". Built once per
 * index and saved with it (see lexical-data.ts): loading the saved one costs a fraction of building.
 */
export class LexicalIndex {
  private constructor(private readonly search: MiniSearch<LexicalDocument>) {}

  /** Indexes every paragraph of `passages`. */
  static build(passages: PassageStore): LexicalIndex {
    const search = new MiniSearch<LexicalDocument>(OPTIONS);
    search.addAll(
      passages.data.paragraphs.map((paragraph) => ({
        id: paragraph.id,
        text: paragraph.text,
        context: `${passages.documents.get(paragraph.docId)?.title ?? ""} ${paragraph.section}`,
      })),
    );
    return new LexicalIndex(search);
  }

  /** An index as `toJSON()` gave it, parsed; throws when `saved` is not one. */
  static async load(saved: unknown): Promise<LexicalIndex> {
    return new LexicalIndex(await MiniSearch.loadJSAsync(saved as AsPlainObject, OPTIONS));
  }

  /** How many paragraphs it indexes. */
  get size(): number {
    return this.search.documentCount;
  }

  /** What JSON.stringify saves of it: MiniSearch's terms and scores. */
  toJSON(): AsPlainObject {
    return this.search.toJSON();
  }

  query(text: string, limit: number): LexicalHit[] {
    return this.search
      .search(text)
      .slice(0, limit)
      .map((result) => ({ paragraphId: String(result.id), score: result.score }));
  }
}
