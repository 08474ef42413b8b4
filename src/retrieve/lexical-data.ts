import type { PassageStore } from "../store/passage-store.js";
import { LexicalIndex } from "./lexical-index.js";
import { TermStats, type TermFrequencies } from "./term-stats.js";

/**
 * What a saved lexical file was made with, stored in the manifest beside it. It holds terms as they
 * were tokenised and stemmed then: change this whenever the file's layout, the BM25 options
 * (lexical-index.ts) or tokenize/indexTerm (terms.ts, canonical-words.ts) change, and an index
 * saved before gets its lexical side built again from its passages instead of being searched and
 * weighed with terms it no longer matches.
 */
export const LEXICAL_RECIPE = "minisearch-7 bm25 over paragraphs (text, context = title section) + sentence/title term frequencies; terms.ts tokenize (camelCase words too)/indexTerm; v3";

/** The lexical side of an index, saved with it: BM25 over paragraphs and term frequencies over sentences and titles. */
export interface LexicalData {
  bm25: LexicalIndex;
  frequencies: TermFrequencies;
}

/** Builds the lexical side of `passages`: what every start did before it was saved. */
export function buildLexical(passages: PassageStore): LexicalData {
  return { bm25: LexicalIndex.build(passages), frequencies: new TermStats(passages).frequencies() };
}

/** The lexical file's text (`lexical-*.json`). */
export function serializeLexical({ bm25, frequencies }: LexicalData): string {
  return JSON.stringify({ bm25, total: frequencies.total, documentFrequency: [...frequencies.documentFrequency] });
}

/** Reads what serializeLexical wrote; throws when `text` is not that. The file's checksum has already been verified. */
export async function parseLexical(text: string): Promise<LexicalData> {
  const { bm25, total, documentFrequency } = JSON.parse(text) as { bm25?: unknown; total?: unknown; documentFrequency?: unknown };
  if (!Number.isInteger(total) || !Array.isArray(documentFrequency)) throw new Error("no term frequencies");
  return { bm25: await LexicalIndex.load(bm25), frequencies: { documentFrequency: new Map(documentFrequency as [string, number][]), total: total as number } };
}
