import type pg from "pg";
import { titleOnlyFacts } from "../../answer/redundant-facts.js";
import type { Sentence } from "../../corpus/sentences.js";
import type { Paragraph } from "../../corpus/types.js";
import type { WorkingSet, WorkingSetRequest } from "../../retrieve/corpus-reader.js";
import { TermStats, type TermFrequencies } from "../../retrieve/term-stats.js";
import { PassageStore, type StoredDocument } from "../passage-store.js";
import { STORED_DIMENSIONS } from "./embed-document.js";
import { vectorFromSql } from "./vector-text.js";

type Queryable = Pick<pg.Pool, "query">;

/**
 * The document each focus names: the first by path whose title holds all its terms, as the
 * evidence score looks for it among the working set's documents. With it there, a later document
 * with such a title is never taken for it (its opening paragraph counts only if it is a candidate).
 */
async function namedDocuments(database: Queryable, focusTerms: string[][]): Promise<string[]> {
  const wanted = focusTerms.filter((terms) => terms.length > 0);
  const found = await Promise.all(
    wanted.map(async (terms) => (await database.query<{ id: string }>(`SELECT id FROM documents WHERE title_terms @> $1::text[] ORDER BY relative_path COLLATE "C" LIMIT 1`, [terms])).rows[0]?.id),
  );
  return found.filter((id) => id !== undefined);
}

/**
 * Reads what one question's answer needs from the database: the requested paragraphs with their
 * sentences and sentence vectors, the paragraph after each (the block a sentence ending in a colon
 * introduces), their documents' structure, and the document a question names. Rows are ordered as
 * a snapshot orders them (documents by path, then position), so ties break as they do in memory.
 * `frequencies` gives the corpus-wide counts of the question's terms.
 */
export async function readWorkingSet(database: Queryable, request: WorkingSetRequest, frequencies: (terms: string[]) => Promise<TermFrequencies>): Promise<WorkingSet> {
  const [named, corpusFrequencies] = await Promise.all([namedDocuments(database, request.focusTerms), frequencies(request.questionTerms)]);
  const scored = request.paragraphIds;
  const [paragraphRows, sentenceRows, documentRows] = await Promise.all([
    database.query<{ document_id: string; position: number; data: Paragraph }>(
      `SELECT document_id, position, data FROM passages WHERE id = ANY($1::text[])
       UNION SELECT n.document_id, n.position, n.data FROM passages p JOIN passages n ON n.document_id = p.document_id AND n.position = p.position + 1 WHERE p.id = ANY($1::text[])`,
      [scored],
    ),
    database.query<{ document_id: string; position: number; passage_id: string; start_offset: number; end_offset: number; embedding: string }>(
      "SELECT document_id, position, passage_id, start_offset, end_offset, embedding::text AS embedding FROM sentences WHERE passage_id = ANY($1::text[])",
      [scored],
    ),
    // The extracted text of a PDF or DOCX can be large, and answering never reads it.
    database.query<{ relative_path: string; stored: StoredDocument }>(
      "SELECT relative_path, stored - 'extracted' AS stored FROM documents WHERE id IN (SELECT document_id FROM passages WHERE id = ANY($1::text[])) OR id = ANY($2::text[])",
      [scored, named],
    ),
  ]);
  const documents = documentRows.rows.sort((a, b) => (a.relative_path < b.relative_path ? -1 : a.relative_path > b.relative_path ? 1 : 0));
  const order = new Map(documents.map((row, index) => [row.stored.id, index]));
  const byPosition = (a: { document_id: string; position: number }, b: { document_id: string; position: number }) => (order.get(a.document_id) ?? 0) - (order.get(b.document_id) ?? 0) || a.position - b.position;
  const sentences = sentenceRows.rows.sort(byPosition);
  const passages = new PassageStore({
    documents: documents.map((row) => row.stored),
    paragraphs: paragraphRows.rows.sort(byPosition).map((row) => row.data),
    chunks: [],
    sentences: sentences.map((row): Sentence => ({ paragraphId: row.passage_id, start: row.start_offset, end: row.end_offset })),
  });
  const sentenceVectors = new Float32Array(sentences.length * STORED_DIMENSIONS);
  sentences.forEach((row, index) => sentenceVectors.set(vectorFromSql(row.embedding), index * STORED_DIMENSIONS));
  return { view: { passages, sentenceVectors }, stats: new TermStats(passages, corpusFrequencies), skip: titleOnlyFacts(passages) };
}

/** How many sentences and titles of the whole corpus use each of `terms` (document_terms summed). */
export async function readTermFrequencies(database: Queryable, terms: string[]): Promise<Map<string, number>> {
  if (terms.length === 0) return new Map();
  const { rows } = await database.query<{ term: string; units: number }>("SELECT term, sum(units)::int AS units FROM document_terms WHERE term = ANY($1::text[]) GROUP BY term", [terms]);
  return new Map(rows.map((row) => [row.term, row.units]));
}
