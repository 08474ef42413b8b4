import { randomBytes } from "node:crypto";
import { link, lstat, open, realpath, rm, unlink } from "node:fs/promises";
import path from "node:path";
import { documentIdFor, scanCorpus, type CorpusEntry } from "../corpus/load-corpus.js";
import { formatForFile } from "../corpus/document-format.js";
import { hashFile } from "../store/corpus-hashes.js";
import type { Manifest } from "../store/manifest.js";

export type DocumentStatus = "indexed" | "pending" | "skipped";

/** One file of the corpus as GET /documents lists it. */
export interface DocumentEntry {
  id: string;
  title: string;
  format: string | null;
  relativePath: string;
  size: number;
  /** Passages (paragraphs) in the index; 0 until indexed. */
  passages: number;
  indexedAt: string | null;
  status: DocumentStatus;
  /** For skipped files: why (unsupported, binary, empty, too-large, …), with a detail. */
  reason?: string;
  detail?: string;
}

export class UploadError extends Error {
  override name = "UploadError";
  constructor(
    readonly kind: "unsupported" | "exists" | "invalid-name",
    message: string,
  ) {
    super(message);
  }
}

/** What the library needs of the live index: the manifest it serves and a way to ask for an update. */
export interface IndexSource {
  readonly manifest: Manifest | undefined;
  requestUpdate(): Promise<void>;
}

const MAX_NAME_LENGTH = 120;

/**
 * A safe file name from an uploaded one: the last path segment only (either separator), no control
 * or shell-special characters, no leading dot (hidden files are not indexed), bounded length with
 * the extension kept. Undefined when nothing usable is left.
 */
export function sanitizeFileName(name: string): string | undefined {
  const last = name.normalize("NFC").split(/[/\\]/).pop() ?? "";
  const cleaned = last
    .replace(/[\u0000-\u001f\u007f<>:"|?*]+/g, "")
    .replace(/\s+/g, " ")
    .trim()
    .replace(/^[.\s-]+/, "");
  if (!cleaned || cleaned === "." || cleaned === "..") return undefined;
  const extension = path.extname(cleaned).slice(0, 12);
  const stem = cleaned.slice(0, cleaned.length - path.extname(cleaned).length).slice(0, MAX_NAME_LENGTH - extension.length).trim();
  return stem ? `${stem}${extension}` : undefined;
}

function isInside(root: string, target: string): boolean {
  const relative = path.relative(root, target);
  return relative !== "" && !relative.startsWith("..") && !path.isAbsolute(relative);
}

/** The corpus folder as a list of documents, and the writes that change it (the watcher or the caller then updates the index). */
export class DocumentLibrary {
  constructor(
    private readonly corpusDir: string,
    private readonly index: IndexSource,
    private readonly options: { maxFileBytes?: number } = {},
  ) {}

  async list(): Promise<DocumentEntry[]> {
    const manifest = this.index.manifest;
    const byPath = new Map(manifest?.documents.map((record) => [record.relativePath, record]));
    const skippedByPath = new Map(manifest?.skipped.map((record) => [record.relativePath, record]));
    const scan = await scanCorpus(this.corpusDir, this.options);
    const entries: DocumentEntry[] = [];
    for (const file of scan.entries) {
      const record = byPath.get(file.relativePath);
      const skipped = skippedByPath.get(file.relativePath);
      const current = (record ?? skipped) && (await this.unchanged(file, record?.sha256 ?? skipped?.sha256, record?.indexedAt));
      if (record && current) {
        entries.push({ id: record.id, title: record.title, format: record.format, relativePath: record.relativePath, size: file.size, passages: record.paragraphs, indexedAt: record.indexedAt, status: "indexed" });
      } else if (skipped && current) {
        entries.push({ ...this.bare(file.relativePath, file.size), status: "skipped", reason: skipped.reason, detail: skipped.detail });
      } else {
        entries.push({ ...this.bare(file.relativePath, file.size), status: "pending" });
      }
    }
    for (const skipped of scan.skipped) entries.push({ ...this.bare(skipped.relativePath, await this.sizeOf(skipped.relativePath)), status: "skipped", reason: skipped.reason, detail: skipped.detail });
    // Indexed files that are gone from disk stay listed as pending until the update removes them.
    const onDisk = new Set(entries.map((entry) => entry.relativePath));
    for (const record of manifest?.documents ?? []) {
      if (!onDisk.has(record.relativePath)) entries.push({ id: record.id, title: record.title, format: record.format, relativePath: record.relativePath, size: record.bytes, passages: record.paragraphs, indexedAt: record.indexedAt, status: "pending" });
    }
    return entries.sort((a, b) => (a.relativePath < b.relativePath ? -1 : a.relativePath > b.relativePath ? 1 : 0));
  }

  /**
   * Writes an upload into the corpus folder under a sanitized name: a hidden temporary file,
   * fsync, then a hard link to the final name (atomic, and it never replaces an existing file).
   */
  async add(fileName: string, bytes: Uint8Array): Promise<DocumentEntry> {
    const name = sanitizeFileName(fileName);
    if (!name) throw new UploadError("invalid-name", "The file name has nothing usable in it");
    if (!formatForFile(name)) throw new UploadError("unsupported", `"${name}" is not a supported type (Markdown, HTML, PDF, DOCX or plain text)`);
    const root = await realpath(this.corpusDir);
    const target = path.join(root, name);
    if (!isInside(root, target)) throw new UploadError("invalid-name", "The file name leads outside the corpus folder");
    const temporary = path.join(root, `.upload-${randomBytes(6).toString("hex")}.tmp`);
    const handle = await open(temporary, "wx");
    try {
      await handle.writeFile(bytes);
      await handle.sync();
    } finally {
      await handle.close();
    }
    try {
      await link(temporary, target);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "EEXIST") throw new UploadError("exists", `"${name}" already exists; delete it first to replace it`);
      throw error;
    } finally {
      await rm(temporary, { force: true });
    }
    void this.index.requestUpdate();
    return { ...this.bare(name, bytes.byteLength), status: "pending" };
  }

  /** Deletes the file of document `id` (indexed, pending or skipped); undefined when no file has that id. */
  async remove(id: string): Promise<DocumentEntry | undefined> {
    const entry = (await this.list()).find((candidate) => candidate.id === id);
    if (!entry) return undefined;
    const root = await realpath(this.corpusDir);
    const file = path.join(root, ...entry.relativePath.split("/"));
    if (!isInside(root, file)) return undefined;
    const stats = await lstat(file).catch(() => undefined);
    if (stats?.isFile() || stats?.isSymbolicLink()) await unlink(file);
    void this.index.requestUpdate();
    return { ...entry, status: "pending" };
  }

  private bare(relativePath: string, size: number): Omit<DocumentEntry, "status"> {
    return { id: documentIdFor(relativePath), title: path.posix.basename(relativePath), format: formatForFile(relativePath) ?? null, relativePath, size, passages: 0, indexedAt: null };
  }

  /** The size of a skipped file; 0 for what is not a regular file (a folder, a link: never followed out of the corpus). */
  private async sizeOf(relativePath: string): Promise<number> {
    const stats = await lstat(path.join(this.corpusDir, ...relativePath.split("/"))).catch(() => undefined);
    return stats?.isFile() ? stats.size : 0;
  }

  /**
   * A file is as indexed when it was last modified before it was indexed, or after but with the
   * recorded hash (touched, not changed). Only the listing uses the time; updates always hash.
   */
  private async unchanged(file: CorpusEntry, sha256: string | undefined, indexedAt: string | undefined): Promise<boolean> {
    if (!sha256) return false;
    if (indexedAt && file.mtimeMs <= Date.parse(indexedAt)) return true;
    return (await hashFile(file.absolutePath).catch(() => undefined)) === sha256;
  }
}
