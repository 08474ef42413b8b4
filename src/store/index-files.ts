import { open, readFile, readdir, rename, rm } from "node:fs/promises";
import path from "node:path";
import { sha256 } from "../corpus/sha256.js";
import { IndexUnusableError, IndexWriteError } from "./errors.js";
import { INDEX_FORMAT_VERSION, MANIFEST_FILE, manifestSchema, type IndexFileEntry, type Manifest } from "./manifest.js";

const DATA_FILE = /^(passages|hnsw|sentences|embeddings|lexical)-[0-9a-f]{16}\.[a-z0-9]+$/;
const TEMP_FILE = /\.tmp-\d+$/;

/**
 * The file operations an index write goes through. Tests substitute one that writes short or fails,
 * as a full or failing disk does, to prove a bad file is never published.
 */
export interface IndexFileSystem {
  /** Writes the whole of `data` and flushes it to the device (fsync). */
  writeDurably(file: string, data: Uint8Array | string): Promise<void>;
  readFile(file: string): Promise<Buffer>;
}

export const nodeFileSystem: IndexFileSystem = {
  async writeDurably(file, data) {
    const handle = await open(file, "w");
    try {
      await handle.writeFile(data);
      await handle.sync();
    } finally {
      await handle.close();
    }
  },
  readFile: (file) => readFile(file),
};

/** Makes renames in `directory` durable; some file systems refuse to fsync a directory, which is harmless. */
async function syncDirectory(directory: string): Promise<void> {
  const handle = await open(directory, "r").catch(() => undefined);
  try {
    await handle?.sync();
  } catch {
    // EINVAL/EISDIR on file systems without directory fsync.
  } finally {
    await handle?.close();
  }
}

/** Reads `file` back and throws IndexWriteError unless it holds exactly `bytes` bytes with `digest`. */
export async function verifyWritten(file: string, bytes: number, digest: string, fileSystem: IndexFileSystem = nodeFileSystem): Promise<void> {
  const back = await fileSystem.readFile(file);
  if (back.byteLength !== bytes) throw new IndexWriteError(`${path.basename(file)} reads back as ${back.byteLength} bytes, ${bytes} were written (disk full or failing?)`);
  if (sha256(back) !== digest) throw new IndexWriteError(`${path.basename(file)} reads back with a different checksum than was written`);
}

/**
 * Writes `data` under a content-addressed name (`prefix-<hash>.ext`): temporary file, fsync, read
 * back and compare size and checksum, rename, fsync the folder. Content addressing means a new
 * build never overwrites a file the current manifest points at.
 */
export async function writeDataFile(directory: string, prefix: string, extension: string, data: Uint8Array | string, fileSystem: IndexFileSystem = nodeFileSystem): Promise<IndexFileEntry> {
  const digest = sha256(data);
  const bytes = typeof data === "string" ? Buffer.byteLength(data) : data.byteLength;
  const name = `${prefix}-${digest.slice(0, 16)}.${extension}`;
  const temporary = path.join(directory, `${name}.tmp-${process.pid}`);
  try {
    await fileSystem.writeDurably(temporary, data);
    await verifyWritten(temporary, bytes, digest, fileSystem);
    await rename(temporary, path.join(directory, name));
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
  await syncDirectory(directory);
  return { name, sha256: digest, bytes };
}

/** Publishing the manifest is the single step that switches readers to a new build; it is verified like the data. */
export async function publishManifest(directory: string, manifest: Manifest, fileSystem: IndexFileSystem = nodeFileSystem): Promise<void> {
  const text = `${JSON.stringify(manifest, null, 2)}\n`;
  const temporary = path.join(directory, `${MANIFEST_FILE}.tmp-${process.pid}`);
  try {
    await fileSystem.writeDurably(temporary, text);
    await verifyWritten(temporary, Buffer.byteLength(text), sha256(text), fileSystem);
    await rename(temporary, path.join(directory, MANIFEST_FILE));
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
  await syncDirectory(directory);
}

/**
 * Removes temporaries of interrupted builds and, given the published manifest, the data files it
 * does not name. Without a manifest only temporaries go: the data may be what a repair needs.
 * Call with the build lock held.
 */
export async function removeUnreferenced(directory: string, manifest: Manifest | undefined): Promise<string[]> {
  const keep = new Set(Object.values(manifest?.files ?? {}).map((file) => file.name));
  const removed: string[] = [];
  for (const name of await readdir(directory)) {
    if ((manifest && DATA_FILE.test(name) && !keep.has(name)) || TEMP_FILE.test(name)) {
      await rm(path.join(directory, name), { force: true });
      removed.push(name);
    }
  }
  return removed;
}

export async function readManifest(directory: string): Promise<Manifest> {
  let raw: string;
  try {
    raw = await readFile(path.join(directory, MANIFEST_FILE), "utf8");
  } catch {
    throw new IndexUnusableError("missing", `no ${MANIFEST_FILE} in ${directory}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    throw new IndexUnusableError("corrupt", `${MANIFEST_FILE} is not valid JSON`);
  }
  const parsed = manifestSchema.safeParse(json);
  if (!parsed.success) {
    const version = (json as { formatVersion?: unknown } | null)?.formatVersion;
    if (typeof version === "number" && version !== INDEX_FORMAT_VERSION) {
      throw new IndexUnusableError("stale", `it has format version ${version}, this version of the software reads ${INDEX_FORMAT_VERSION}`);
    }
    throw new IndexUnusableError("corrupt", `${MANIFEST_FILE} does not match the expected format`);
  }
  return parsed.data;
}

/** Reads a data file and checks it against the manifest's size and checksum. */
export async function readVerified(directory: string, entry: IndexFileEntry): Promise<Buffer> {
  let data: Buffer;
  try {
    data = await readFile(path.join(directory, entry.name));
  } catch {
    throw new IndexUnusableError("corrupt", `${entry.name} is missing`);
  }
  if (data.byteLength !== entry.bytes || sha256(data) !== entry.sha256) {
    throw new IndexUnusableError("corrupt", `${entry.name} does not match its checksum (truncated or modified)`);
  }
  return data;
}
