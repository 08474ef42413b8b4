import type pg from "pg";
import type { Paragraph } from "../../corpus/types.js";
import { LEXICAL_RECIPE } from "../../retrieve/lexical-data.js";
import { TermStats } from "../../retrieve/term-stats.js";
import { PassageStore, type StoredDocument } from "../passage-store.js";
import { inTransaction } from "./database.js";

/**
 * Stores one document's term counts as TermStats counts them over the document alone (its
 * sentences and its title): summed over documents they are the corpus's document frequencies.
 * `passages` holds just this document with its sentences. Call in the document's write transaction.
 */
export async function writeTermCounts(client: pg.PoolClient, documentId: string, passages: PassageStore): Promise<void> {
  const stats = new TermStats(passages);
  const { documentFrequency } = stats.frequencies();
  await client.query("DELETE FROM document_terms WHERE document_id = $1", [documentId]);
  await client.query("UPDATE documents SET title_terms = $2::text[], terms_recipe = $3 WHERE id = $1", [documentId, [...(stats.titleTerms.get(documentId) ?? [])], LEXICAL_RECIPE]);
  await client.query("INSERT INTO document_terms (term, document_id, units) SELECT term, $1, units FROM unnest($2::text[], $3::int[]) AS t(term, units)", [
    documentId,
    [...documentFrequency.keys()],
    [...documentFrequency.values()],
  ]);
}

/** A document whose counts are missing (written before migration 002) or were made by another tokenizer. */
const STALE_COUNTS = "(title_terms IS NULL OR terms_recipe IS DISTINCT FROM $1)";

/**
 * Counts the terms of documents written before the counts existed (migration 002) or counted by
 * another version of the tokenizer (migration 004), one transaction each, from their stored passages
 * and sentence offsets; nothing is embedded. Returns how many it counted.
 */
export async function countMissingTerms(pool: pg.Pool): Promise<number> {
  const { rows } = await pool.query<{ id: string }>(`SELECT id FROM documents WHERE ${STALE_COUNTS}`, [LEXICAL_RECIPE]);
  for (const { id } of rows) {
    await inTransaction(pool, async (client) => {
      const document = (await client.query<{ stored: StoredDocument }>(`SELECT stored FROM documents WHERE id = $2 AND ${STALE_COUNTS} FOR UPDATE`, [LEXICAL_RECIPE, id])).rows[0];
      if (!document) return;
      const paragraphs = (await client.query<{ data: Paragraph }>("SELECT data FROM passages WHERE document_id = $1 ORDER BY position", [id])).rows.map((row) => row.data);
      const sentences = (await client.query<{ passage_id: string; start_offset: number; end_offset: number }>("SELECT passage_id, start_offset, end_offset FROM sentences WHERE document_id = $1 ORDER BY position", [id])).rows;
      const passages = new PassageStore({ documents: [document.stored], paragraphs, chunks: [], sentences: sentences.map((row) => ({ paragraphId: row.passage_id, start: row.start_offset, end: row.end_offset })) });
      await writeTermCounts(client, id, passages);
    });
  }
  return rows.length;
}
