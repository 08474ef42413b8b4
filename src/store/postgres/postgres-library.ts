import { lstat, realpath, unlink } from "node:fs/promises";
import path from "node:path";
import type pg from "pg";
import { documentIdFor } from "../../corpus/load-corpus.js";
import { formatForFile } from "../../corpus/document-format.js";
import type { Embedder } from "../../embed/embedder.js";
import { DocumentLibrary, UploadError, sanitizeFileName, type DocumentEntry } from "../../live/document-library.js";
import type { IndexedDocument } from "../manifest.js";
import { bumpGeneration, type DocumentSource } from "./corpus-rows.js";
import { guardUnreachable, inTransaction } from "./database.js";
import { importUpload } from "./import-upload.js";
import type { PostgresLiveIndex } from "./postgres-live-index.js";

export interface PostgresLibraryOptions {
  pool: pg.Pool;
  databaseUrl: string;
  live: PostgresLiveIndex;
  embedder: Embedder;
  /** This server's corpus folder, if it imports one: deleting a folder document also deletes its file here. */
  corpusDir?: string;
  maxFileBytes?: number;
}

/**
 * GET/POST/DELETE /documents over the database: the list is the database's, an upload is parsed,
 * embedded and stored (with its original bytes) before the response, so any server answers from it
 * once it has reloaded, and a delete removes the document's rows in one transaction. A database that
 * cannot be reached turns into 503.
 */
export class PostgresDocumentLibrary extends DocumentLibrary {
  constructor(private readonly store: PostgresLibraryOptions) {
    super(store.corpusDir ?? ".", store.live, { maxFileBytes: store.maxFileBytes });
  }

  override async list(): Promise<DocumentEntry[]> {
    return this.guard(async () => {
      const documents = await this.store.pool.query<{ record: IndexedDocument }>("SELECT record FROM documents");
      const skipped = await this.store.pool.query<{ relative_path: string; reason: string; detail: string }>("SELECT relative_path, reason, detail FROM skipped_files");
      const entries: DocumentEntry[] = [
        ...documents.rows.map(({ record }): DocumentEntry => ({ id: record.id, title: record.title, format: record.format, relativePath: record.relativePath, size: record.bytes, passages: record.paragraphs, indexedAt: record.indexedAt, status: "indexed" })),
        ...skipped.rows.map((row): DocumentEntry => ({ id: documentIdFor(row.relative_path), title: path.posix.basename(row.relative_path), format: formatForFile(row.relative_path) ?? null, relativePath: row.relative_path, size: 0, passages: 0, indexedAt: null, status: "skipped", reason: row.reason, detail: row.detail })),
      ];
      return entries.sort((a, b) => (a.relativePath < b.relativePath ? -1 : a.relativePath > b.relativePath ? 1 : 0));
    });
  }

  override async add(fileName: string, bytes: Uint8Array): Promise<DocumentEntry> {
    const name = sanitizeFileName(fileName);
    if (!name) throw new UploadError("invalid-name", "The file name has nothing usable in it");
    if (!formatForFile(name)) throw new UploadError("unsupported", `"${name}" is not a supported type (Markdown, HTML, PDF, DOCX or plain text)`);
    const { pool, embedder, live, maxFileBytes } = this.store;
    const result = await this.guard(async () => importUpload({ pool, fileName: name, bytes, embedder, model: await live.modelFingerprint(), maxFileBytes }));
    await live.reload();
    const bare = { id: documentIdFor(name), title: name, format: formatForFile(name) ?? null, relativePath: name, size: bytes.byteLength, passages: 0, indexedAt: null };
    if ("skipped" in result) return { ...bare, status: "skipped", reason: result.skipped.reason, detail: result.skipped.detail };
    const { record } = result;
    return { ...bare, title: record.title, passages: record.paragraphs, indexedAt: record.indexedAt, status: "indexed" };
  }

  override async remove(id: string): Promise<DocumentEntry | undefined> {
    const removed = await this.guard(() =>
      inTransaction(this.store.pool, async (client) => {
        const { rows } = await client.query<{ record: IndexedDocument; source: DocumentSource }>("DELETE FROM documents WHERE id = $1 RETURNING record, source", [id]);
        if (rows.length > 0) await bumpGeneration(client);
        return rows[0];
      }),
    );
    if (!removed) return undefined;
    const { record, source } = removed;
    // Otherwise the next import of this server's folder would bring it back.
    if (source === "folder" && this.store.corpusDir) await this.unlinkFolderFile(record.relativePath);
    await this.store.live.reload();
    return { id: record.id, title: record.title, format: record.format, relativePath: record.relativePath, size: record.bytes, passages: 0, indexedAt: null, status: "pending" };
  }

  private async unlinkFolderFile(relativePath: string): Promise<void> {
    const root = await realpath(this.store.corpusDir as string).catch(() => undefined);
    if (!root) return;
    const file = path.join(root, ...relativePath.split("/"));
    const relative = path.relative(root, file);
    if (relative.startsWith("..") || path.isAbsolute(relative)) return;
    const stats = await lstat(file).catch(() => undefined);
    if (stats?.isFile() || stats?.isSymbolicLink()) await unlink(file);
  }

  private guard<T>(work: () => Promise<T>): Promise<T> {
    return guardUnreachable(this.store.databaseUrl, work);
  }
}
