import type pg from "pg";
import type { Chunk } from "../../corpus/chunk.js";
import type { Sentence } from "../../corpus/sentences.js";
import type { Paragraph } from "../../corpus/types.js";
import type { PlannedDocument } from "../corpus-plan.js";
import type { IndexedDocument, SkippedRecord } from "../manifest.js";
import { PassageStore, type PassageData, type StoredDocument } from "../passage-store.js";
import { writeTermCounts } from "./term-counts.js";
import { vectorFromSql, vectorToSql } from "./vector-text.js";

type Queryable = Pick<pg.Pool | pg.PoolClient, "query">;

export type DocumentSource = "folder" | "upload";

/** The channel every write notifies with the new generation; each server listens on it. */
export const CHANGE_CHANNEL = "cited_docs_corpus";

/** The row form of a document's passages, chunks and sentences, with the chunk vectors then the sentence vectors. */
export interface DocumentWrite {
  planned: PlannedDocument;
  vectors: Float32Array[];
  source: DocumentSource;
  original?: Uint8Array;
  /** Replace a document at the same id or path (folder imports); off for uploads, where a taken name is a conflict (23505). */
  replace?: boolean;
}

/**
 * Replaces whatever the database holds at the document's id or path with this document. Call in a
 * transaction (with bumpGeneration): readers see the old document or the new one, never a mix.
 */
export async function writeDocument(client: pg.PoolClient, { planned, vectors, source, original, replace = true }: DocumentWrite): Promise<void> {
  const { document, chunks, sentences, record } = planned;
  if (vectors.length !== chunks.length + sentences.length) throw new Error(`${record.relativePath}: ${vectors.length} vectors for ${chunks.length} chunks and ${sentences.length} sentences`);
  const passages = PassageStore.fromDocuments([document], [], sentences);
  const stored = passages.data.documents[0] as StoredDocument;
  if (replace) await client.query("DELETE FROM documents WHERE id = $1 OR relative_path = $2", [record.id, record.relativePath]);
  await client.query(
    "INSERT INTO documents (id, relative_path, source, format, sha256, bytes, record, stored, original) VALUES ($1, $2, $3, $4, $5, $6, $7::jsonb, $8::jsonb, $9)",
    [record.id, record.relativePath, source, record.format, record.sha256, record.bytes, JSON.stringify(record), JSON.stringify(stored), original ? Buffer.from(original) : null],
  );
  const paragraphs = document.paragraphs;
  await client.query(
    `INSERT INTO passages (id, document_id, position, kind, page, text, data, context_search)
     SELECT id, $1, position, kind, page, text, data::jsonb, to_tsvector('english', $8 || ' ' || (data::jsonb->>'section'))
     FROM unnest($2::text[], $3::int[], $4::text[], $5::int[], $6::text[], $7::text[]) AS t(id, position, kind, page, text, data)`,
    [record.id, paragraphs.map((p) => p.id), paragraphs.map((_, position) => position), paragraphs.map((p) => p.kind), paragraphs.map((p) => p.page ?? null), paragraphs.map((p) => p.text), paragraphs.map((p) => JSON.stringify(p)), document.title],
  );
  await insertPieces(client, "chunks", record.id, chunks, vectors.slice(0, chunks.length));
  await insertPieces(client, "sentences", record.id, sentences, vectors.slice(chunks.length));
  await writeTermCounts(client, record.id, passages);
}

async function insertPieces(client: pg.PoolClient, table: "chunks" | "sentences", documentId: string, pieces: Array<Chunk | Sentence>, vectors: Float32Array[]): Promise<void> {
  for (let offset = 0; offset < pieces.length; offset += 500) {
    const batch = pieces.slice(offset, offset + 500);
    await client.query(
      `INSERT INTO ${table} (document_id, position, passage_id, start_offset, end_offset, embedding) SELECT $1, position, passage_id, start_offset, end_offset, embedding::vector FROM unnest($2::int[], $3::text[], $4::int[], $5::int[], $6::text[]) AS t(position, passage_id, start_offset, end_offset, embedding)`,
      [documentId, batch.map((_, index) => offset + index), batch.map((piece) => piece.paragraphId), batch.map((piece) => piece.start), batch.map((piece) => piece.end), batch.map((_, index) => vectorToSql(vectors[offset + index] as Float32Array))],
    );
  }
}

/** Counts one more change and tells every listening server; returns the new generation. Call last in the write's transaction. */
export async function bumpGeneration(client: pg.PoolClient, model?: { id: string; sha256: string; recipe: string; chunkSize: number; chunkOverlap: number }): Promise<number> {
  const { rows } = await client.query<{ generation: string }>(
    model
      ? "UPDATE corpus_state SET generation = generation + 1, updated_at = now(), model_id = $1, model_sha256 = $2, embedding_recipe = $3, chunk_size = $4, chunk_overlap = $5 RETURNING generation"
      : "UPDATE corpus_state SET generation = generation + 1, updated_at = now() RETURNING generation",
    model ? [model.id, model.sha256, model.recipe, model.chunkSize, model.chunkOverlap] : [],
  );
  const generation = Number(rows[0]?.generation);
  // Delivered at commit, and only if the transaction commits.
  await client.query("SELECT pg_notify($1, $2)", [CHANGE_CHANNEL, String(generation)]);
  return generation;
}

export interface CorpusState {
  generation: number;
  modelId: string | null;
  modelSha256: string | null;
  embeddingRecipe: string | null;
  chunkSize: number | null;
  chunkOverlap: number | null;
}

export async function readState(database: Queryable): Promise<CorpusState> {
  const { rows } = await database.query("SELECT generation, model_id, model_sha256, embedding_recipe, chunk_size, chunk_overlap FROM corpus_state");
  const row = rows[0] ?? {};
  return { generation: Number(row.generation ?? 0), modelId: row.model_id ?? null, modelSha256: row.model_sha256 ?? null, embeddingRecipe: row.embedding_recipe ?? null, chunkSize: row.chunk_size ?? null, chunkOverlap: row.chunk_overlap ?? null };
}

/** One chunk or sentence as stored, with its vector when it was read. */
interface StoredPiece {
  paragraphId: string;
  start: number;
  end: number;
  vector?: Float32Array;
}

/** One document's rows as read, kept by a server between snapshots: `version` says whether they are still current. */
export interface DocumentPieces {
  version: string;
  paragraphs: Paragraph[];
  chunks: StoredPiece[];
  sentences: StoredPiece[];
}

export interface StoredCorpus {
  data: PassageData;
  records: IndexedDocument[];
  sources: Map<string, DocumentSource>;
  skipped: SkippedRecord[];
  /** Chunk vectors then sentence vectors, in the order of `data.chunks` and `data.sentences`; only when asked for. */
  chunkVectors?: Float32Array[];
  sentenceVectors?: Float32Array[];
  /** Every document's rows by id, to pass as `reuse` to the next read. */
  pieces: Map<string, DocumentPieces>;
}

const byPath = (a: { relativePath: string }, b: { relativePath: string }) => (a.relativePath < b.relativePath ? -1 : a.relativePath > b.relativePath ? 1 : 0);

/**
 * Everything the database holds, in the order a file-store build of the same corpus has it:
 * documents by relative path, then each document's passages, chunks and sentences by position.
 * Rows of documents whose version (write time and hash) is unchanged since `reuse` was read are
 * taken from it instead of the database, so a server reloading after one change reads one document.
 * Run it in one REPEATABLE READ transaction for a consistent snapshot.
 */
export async function readCorpus(database: Queryable, { vectors, reuse }: { vectors: boolean; reuse?: Map<string, DocumentPieces> }): Promise<StoredCorpus> {
  const documentRows = (
    await database.query<{ id: string; source: DocumentSource; record: IndexedDocument; stored: StoredDocument; version: string }>("SELECT id, source, record, stored, sha256 || '@' || updated_at::text AS version FROM documents")
  ).rows;
  documentRows.sort((a, b) => byPath(a.record, b.record));
  const pieces = new Map<string, DocumentPieces>();
  for (const row of documentRows) {
    const kept = reuse?.get(row.id);
    if (kept && kept.version === row.version) pieces.set(row.id, kept);
  }
  const wanted = documentRows.filter((row) => !pieces.has(row.id));
  for (const row of wanted) pieces.set(row.id, { version: row.version, paragraphs: [], chunks: [], sentences: [] });
  const ids = wanted.map((row) => row.id);
  const fill = async (sql: string, add: (document: DocumentPieces, row: Record<string, unknown>) => void) => {
    if (ids.length === 0) return;
    for (const row of (await database.query(sql, [ids])).rows) add(pieces.get(row.document_id) as DocumentPieces, row);
  };
  const piece = (row: Record<string, unknown>): StoredPiece => ({ paragraphId: row.passage_id as string, start: row.start_offset as number, end: row.end_offset as number, ...(typeof row.embedding === "string" ? { vector: vectorFromSql(row.embedding) } : {}) });
  const embedding = vectors ? ", embedding::text AS embedding" : "";
  await fill("SELECT document_id, data FROM passages WHERE document_id = ANY($1::text[]) ORDER BY document_id, position", (document, row) => document.paragraphs.push(row.data as Paragraph));
  await fill(`SELECT document_id, passage_id, start_offset, end_offset${embedding} FROM chunks WHERE document_id = ANY($1::text[]) ORDER BY document_id, position`, (document, row) => document.chunks.push(piece(row)));
  await fill(`SELECT document_id, passage_id, start_offset, end_offset${embedding} FROM sentences WHERE document_id = ANY($1::text[]) ORDER BY document_id, position`, (document, row) => document.sentences.push(piece(row)));
  const skipped = (await database.query<{ relative_path: string; reason: string; detail: string; sha256: string | null }>("SELECT relative_path, reason, detail, sha256 FROM skipped_files")).rows
    .map((row) => ({ relativePath: row.relative_path, reason: row.reason, detail: row.detail, ...(row.sha256 ? { sha256: row.sha256 } : {}) }))
    .sort(byPath);
  const ordered = documentRows.map((row) => pieces.get(row.id) as DocumentPieces);
  const chunkPieces = ordered.flatMap((document) => document.chunks);
  const sentencePieces = ordered.flatMap((document) => document.sentences);
  const strip = ({ paragraphId, start, end }: StoredPiece) => ({ paragraphId, start, end });
  return {
    data: { documents: documentRows.map((row) => row.stored), paragraphs: ordered.flatMap((document) => document.paragraphs), chunks: chunkPieces.map(strip), sentences: sentencePieces.map(strip) },
    records: documentRows.map((row) => row.record),
    sources: new Map(documentRows.map((row) => [row.id, row.source])),
    skipped,
    ...(vectors ? { chunkVectors: chunkPieces.map((row) => row.vector as Float32Array), sentenceVectors: sentencePieces.map((row) => row.vector as Float32Array) } : {}),
    pieces,
  };
}
