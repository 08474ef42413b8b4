import type pg from "pg";
import { DEFAULT_CHUNK_OPTIONS, type ChunkOptions } from "../../corpus/chunk.js";
import type { Embedder } from "../../embed/embedder.js";
import type { ModelFingerprint } from "../../embed/model-fingerprint.js";
import type { BuildProgress } from "../build-index.js";
import { planCorpus, type CorpusChanges, type PlannedDocument, type PreviousIndex } from "../corpus-plan.js";
import { EMBEDDING_RECIPE } from "../embedding-cache.js";
import type { IndexedDocument, SkippedRecord } from "../manifest.js";
import { PassageStore } from "../passage-store.js";
import { bumpGeneration, readCorpus, readState, writeDocument, type CorpusState } from "./corpus-rows.js";
import { inTransaction } from "./database.js";
import { embedDocument } from "./embed-document.js";
import { planUpload } from "./import-upload.js";
import { readFile } from "node:fs/promises";
import path from "node:path";

export interface ImportFolderOptions {
  pool: pg.Pool;
  corpusDir: string;
  embedder: Embedder;
  model: ModelFingerprint;
  chunking?: ChunkOptions;
  /** Parse and write every document again (vectors still come from the cache). */
  full?: boolean;
  maxFileBytes?: number;
  batchSize?: number;
  onProgress?: (progress: BuildProgress) => void;
  now?: () => string;
  /** Called inside each document's transaction after its rows are written; tests throw here to prove the rollback. */
  beforeCommit?: (relativePath: string) => void | Promise<void>;
}

export interface ImportResult {
  /** False when the database already matched the folder and nothing was written. */
  changed: boolean;
  changes: CorpusChanges;
  /** Texts the model embedded (the rest came from the database's cache). */
  embedded: number;
  /** Documents left as they were. */
  reused: number;
  seconds: number;
  documents: IndexedDocument[];
  skipped: SkippedRecord[];
  paragraphs: number;
}

/** Any 64-bit number no other application uses; one folder import at a time per database. */
const IMPORT_LOCK = "cited-docs-chat/folder-import";

function sameSettings(state: CorpusState, model: ModelFingerprint, chunking: ChunkOptions): boolean {
  return state.modelSha256 === model.sha256 && state.embeddingRecipe === EMBEDDING_RECIPE && state.chunkSize === chunking.chunkSize && state.chunkOverlap === chunking.chunkOverlap;
}

/**
 * Brings the database up to date with a corpus folder: files whose bytes hash as stored are left
 * alone; each added or changed document is embedded (cache first) and written in a transaction of
 * its own, and removed files leave in one more, so readers always see whole documents. Uploaded
 * documents are not the folder's and are never removed by it. Folder imports hold a session
 * advisory lock, so two importers of one database take turns.
 */
export async function importFolder(options: ImportFolderOptions): Promise<ImportResult> {
  const { pool, corpusDir, embedder, model, onProgress, full = false } = options;
  const chunking = options.chunking ?? DEFAULT_CHUNK_OPTIONS;
  const now = options.now ?? (() => new Date().toISOString());
  const began = performance.now();
  const lockHolder = await pool.connect();
  try {
    await lockHolder.query("SELECT pg_advisory_lock(hashtext($1))", [IMPORT_LOCK]);
    const state = await readState(pool);
    const stored = await readCorpus(pool, { vectors: false });
    const current = sameSettings(state, model, chunking);
    const folderRecords = stored.records.filter((record) => stored.sources.get(record.id) === "folder");
    const uploads = new Map(stored.records.filter((record) => stored.sources.get(record.id) === "upload").map((record) => [record.id, record]));
    const previous: PreviousIndex | undefined = full || !current ? undefined : { documents: folderRecords, skipped: stored.skipped, passages: new PassageStore(stored.data) };
    const plan = await planCorpus({ corpusDir, chunking, previous, now, maxFileBytes: options.maxFileBytes, onParsed: (done, total) => onProgress?.({ stage: "parsing", done, total }) });

    // A folder file cannot take the id of an uploaded document.
    const skipped = [...plan.skipped];
    const documents: PlannedDocument[] = [];
    for (const planned of plan.documents) {
      const upload = uploads.get(planned.record.id);
      if (upload) skipped.push({ relativePath: planned.record.relativePath, reason: "duplicate-id", detail: `the uploaded "${upload.relativePath}" already has document id "${planned.record.id}"; rename one of them`, sha256: planned.record.sha256 });
      else documents.push(planned);
    }
    skipped.sort((a, b) => (a.relativePath < b.relativePath ? -1 : 1));
    const toWrite = documents.filter((planned) => !planned.reused);
    const keptPaths = new Set(documents.map((planned) => planned.record.relativePath));
    const toRemove = folderRecords.filter((record) => !keptPaths.has(record.relativePath));
    const reused = documents.length - toWrite.length;
    const paragraphs = documents.reduce((sum, planned) => sum + planned.record.paragraphs, 0);
    onProgress?.({ stage: "parsed", documents: documents.length, paragraphs, chunks: documents.reduce((sum, p) => sum + p.chunks.length, 0), sentences: documents.reduce((sum, p) => sum + p.sentences.length, 0), changes: plan.changes, reused });

    const settings = { id: model.id, sha256: model.sha256, recipe: EMBEDDING_RECIPE, chunkSize: chunking.chunkSize, chunkOverlap: chunking.chunkOverlap };
    const total = toWrite.reduce((sum, planned) => sum + planned.chunks.length + planned.sentences.length, 0);
    const embedBegan = performance.now();
    let done = 0;
    let embedded = 0;
    let cached = 0;
    for (const planned of toWrite) {
      const result = await embedDocument({
        pool,
        planned,
        embedder,
        model,
        batchSize: options.batchSize,
        onProgress: (progress) => onProgress?.({ stage: "embedding", done: done + progress.done, total, cached: cached + progress.cached, perSecond: (done + progress.done) / Math.max((performance.now() - embedBegan) / 1000, 1e-3) }),
      });
      done += planned.chunks.length + planned.sentences.length;
      cached += planned.chunks.length + planned.sentences.length - result.embedded;
      embedded += result.embedded;
      const original = await readFile(path.join(corpusDir, ...planned.record.relativePath.split("/")));
      await inTransaction(pool, async (client) => {
        await writeDocument(client, { planned, vectors: result.vectors, source: "folder", original });
        await options.beforeCommit?.(planned.record.relativePath);
        await bumpGeneration(client, settings);
      });
    }
    // Vectors of another model or recipe must not stay beside the new ones: uploads are parsed and embedded again from their originals.
    if (!current) {
      for (const upload of uploads.values()) {
        embedded += await reembedUpload({ pool, record: upload, embedder, model, chunking, now, settings });
      }
    }
    const skippedChanged = JSON.stringify(skipped) !== JSON.stringify(stored.skipped);
    if (toRemove.length > 0 || skippedChanged) {
      await inTransaction(pool, async (client) => {
        await client.query("DELETE FROM documents WHERE source = 'folder' AND id = ANY($1::text[])", [toRemove.map((record) => record.id)]);
        await client.query("DELETE FROM skipped_files");
        await client.query("INSERT INTO skipped_files (relative_path, reason, detail, sha256) SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[])", [
          skipped.map((record) => record.relativePath),
          skipped.map((record) => record.reason),
          skipped.map((record) => record.detail),
          skipped.map((record) => record.sha256 ?? null),
        ]);
        await bumpGeneration(client);
      });
    }
    return {
      changed: toWrite.length + toRemove.length > 0 || skippedChanged || (!current && uploads.size > 0),
      changes: plan.changes,
      embedded,
      reused,
      seconds: (performance.now() - began) / 1000,
      documents: documents.map((planned) => planned.record),
      skipped,
      paragraphs,
    };
  } finally {
    await lockHolder.query("SELECT pg_advisory_unlock(hashtext($1))", [IMPORT_LOCK]).catch(() => {});
    lockHolder.release();
  }
}

/** One uploaded document parsed and embedded again from the original the database keeps; returns the texts the model embedded. */
async function reembedUpload(options: { pool: pg.Pool; record: IndexedDocument; embedder: Embedder; model: ModelFingerprint; chunking: ChunkOptions; now: () => string; settings: Parameters<typeof bumpGeneration>[1] }): Promise<number> {
  const { pool, record, embedder, model, chunking, now, settings } = options;
  const { rows } = await pool.query<{ original: Buffer | null }>("SELECT original FROM documents WHERE id = $1", [record.id]);
  const original = rows[0]?.original;
  if (!original) return 0;
  const parsed = await planUpload({ fileName: record.relativePath, bytes: original, chunking, now });
  if ("skipped" in parsed) return 0;
  const result = await embedDocument({ pool, planned: parsed.planned, embedder, model });
  await inTransaction(pool, async (client) => {
    await writeDocument(client, { planned: parsed.planned, vectors: result.vectors, source: "upload", original });
    await bumpGeneration(client, settings);
  });
  return result.embedded;
}
