import type pg from "pg";
import { introductionMarker, MAX_INTRODUCTIONS } from "../../answer/introductions.js";
import type { Paragraph } from "../../corpus/types.js";
import type { CorpusReader } from "../../retrieve/corpus-reader.js";
import type { Manifest } from "../manifest.js";
import { PassageStore, type StoredDocument } from "../passage-store.js";
import { guardUnreachable } from "./database.js";
import { bm25Search, lexicalSearch, nearestChunks } from "./sql-search.js";
import { readTermFrequencies, readWorkingSet } from "./sql-working-set.js";

export interface SqlCorpusOptions {
  pool: pg.Pool;
  /** For the 503 message when the database cannot be reached. */
  databaseUrl: string;
  /** The database's manifest at the generation this reader serves (readDatabaseManifest). */
  manifest: Manifest;
  /** Rank lexically by BM25 (pg_textsearch, when the server has it) instead of ts_rank_cd. */
  bm25?: boolean;
}

/** Frequencies of question terms kept per reader, that is per generation; past this many, they are forgotten. */
const MAX_CACHED_TERMS = 50_000;

/**
 * The corpus read from the database per question (`PG_ANSWERING=sql`): dense search through
 * pgvector's HNSW index, lexical search by Postgres full-text search (or BM25), and only the
 * candidates' passages, sentences and sentence vectors fetched. The server holds the manifest
 * (document records) and nothing of the passages. One reader serves one generation: the server makes
 * a new one when the corpus changes, so what it caches (term frequencies) never outlives the
 * corpus it was read from.
 */
export function sqlCorpus({ pool, databaseUrl, manifest, bm25 = false }: SqlCorpusOptions): CorpusReader {
  const guard = <T>(work: () => Promise<T>) => guardUnreachable(databaseUrl, work);
  const known = new Map<string, number>();
  // What TermStats counts over a whole corpus: its sentences and its documents' titles.
  const total = manifest.counts.sentences + manifest.counts.documents;
  const frequencies = async (terms: string[]) => {
    const missing = terms.filter((term) => !known.has(term));
    if (missing.length > 0) {
      const found = await readTermFrequencies(pool, missing);
      if (known.size + missing.length > MAX_CACHED_TERMS) known.clear();
      for (const term of missing) known.set(term, found.get(term) ?? 0);
    }
    return { documentFrequency: new Map(terms.flatMap((term) => (known.get(term) ? [[term, known.get(term) as number]] : []))), total };
  };

  return {
    manifest,
    dense: (queryVector, chunks) => guard(async () => new Map((await nearestChunks(pool, queryVector, chunks)).map((hit) => [hit.paragraphId, hit.score]))),
    lexical: (query, limit) => guard(async () => (await (bm25 ? bm25Search : lexicalSearch)(pool, query, limit)).map((hit) => hit.paragraphId)),
    introductions: (term) =>
      guard(async () => {
        // A scan of every passage's text, as in memory; only "What is X?" questions ask for it.
        const { rows } = await pool.query<{ id: string }>(
          `SELECT p.id FROM passages p JOIN documents d ON d.id = p.document_id WHERE strpos(lower(p.text), $1) > 0 ORDER BY d.relative_path COLLATE "C", p.position LIMIT $2`,
          [introductionMarker(term), MAX_INTRODUCTIONS],
        );
        return rows.map((row) => row.id);
      }),
    workingSet: (request) => guard(() => readWorkingSet(pool, request, frequencies)),
    documentPassages: (docId) =>
      guard(async () => {
        const [document, paragraphs] = await Promise.all([
          pool.query<{ stored: StoredDocument }>("SELECT stored FROM documents WHERE id = $1", [docId]),
          pool.query<{ data: Paragraph }>("SELECT data FROM passages WHERE document_id = $1 ORDER BY position", [docId]),
        ]);
        const stored = document.rows[0]?.stored;
        return stored ? new PassageStore({ documents: [stored], paragraphs: paragraphs.rows.map((row) => row.data), chunks: [], sentences: [] }) : undefined;
      }),
    documentOf: (paragraphId) => guard(async () => (await pool.query<{ document_id: string }>("SELECT document_id FROM passages WHERE id = $1", [paragraphId])).rows[0]?.document_id),
  };
}
