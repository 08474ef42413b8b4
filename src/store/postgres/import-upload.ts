import { mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import type pg from "pg";
import { DEFAULT_CHUNK_OPTIONS, type ChunkOptions } from "../../corpus/chunk.js";
import { documentIdFor } from "../../corpus/load-corpus.js";
import type { Embedder } from "../../embed/embedder.js";
import type { ModelFingerprint } from "../../embed/model-fingerprint.js";
import { UploadError } from "../../live/document-library.js";
import { planCorpus, type PlannedDocument } from "../corpus-plan.js";
import { EMBEDDING_RECIPE } from "../embedding-cache.js";
import type { IndexedDocument, SkippedRecord } from "../manifest.js";
import { bumpGeneration, writeDocument } from "./corpus-rows.js";
import { inTransaction } from "./database.js";
import { embedDocument } from "./embed-document.js";

export interface ImportUploadOptions {
  pool: pg.Pool;
  /** Already sanitized (sanitizeFileName): it becomes the document's relative path. */
  fileName: string;
  bytes: Uint8Array;
  embedder: Embedder;
  model: ModelFingerprint;
  chunking?: ChunkOptions;
  maxFileBytes?: number;
  now?: () => string;
}

/**
 * Parses an uploaded file exactly as a corpus file (the same planner, from a private temporary
 * folder), embeds it with the shared cache, and stores the document with its original bytes in one
 * transaction that notifies every server. A name or id already in the database is refused.
 */
export async function importUpload(options: ImportUploadOptions): Promise<{ record: IndexedDocument } | { skipped: SkippedRecord }> {
  const { pool, fileName, bytes, embedder, model, now = () => new Date().toISOString() } = options;
  const chunking = options.chunking ?? DEFAULT_CHUNK_OPTIONS;
  const id = documentIdFor(fileName);
  const taken = await pool.query("SELECT relative_path FROM documents WHERE id = $1 OR relative_path = $2", [id, fileName]);
  if (taken.rows.length > 0) throw new UploadError("exists", `"${fileName}" already exists (as "${taken.rows[0].relative_path}"); delete it first to replace it`);
  const parsed = await planUpload({ fileName, bytes, chunking, now, maxFileBytes: options.maxFileBytes });
  if ("skipped" in parsed) return parsed;
  const { planned } = parsed;
  const { vectors } = await embedDocument({ pool, planned, embedder, model });
  await inTransaction(pool, async (client) => {
    await writeDocument(client, { planned, vectors, source: "upload", original: bytes, replace: false }).catch((error: unknown) => {
      // Another server took the name between the check above and this write.
      if ((error as { code?: string }).code === "23505") throw new UploadError("exists", `"${fileName}" already exists; delete it first to replace it`);
      throw error;
    });
    await bumpGeneration(client, { id: model.id, sha256: model.sha256, recipe: EMBEDDING_RECIPE, chunkSize: chunking.chunkSize, chunkOverlap: chunking.chunkOverlap });
  });
  return { record: planned.record };
}

/** An uploaded file parsed exactly as a corpus file: the same planner, run on a private temporary folder holding only it. */
export async function planUpload({ fileName, bytes, chunking, now, maxFileBytes }: { fileName: string; bytes: Uint8Array; chunking: ChunkOptions; now: () => string; maxFileBytes?: number }): Promise<{ planned: PlannedDocument } | { skipped: SkippedRecord }> {
  const folder = await mkdtemp(path.join(os.tmpdir(), "upload-"));
  try {
    await writeFile(path.join(folder, fileName), bytes);
    const plan = await planCorpus({ corpusDir: folder, chunking, now, maxFileBytes });
    const planned = plan.documents[0];
    return planned ? { planned } : { skipped: plan.skipped[0] ?? { relativePath: fileName, reason: "unreadable", detail: "the file could not be read" } };
  } finally {
    await rm(folder, { recursive: true, force: true });
  }
}
