import { createHash } from "node:crypto";
import { open, readFile, readdir, rename, rm } from "node:fs/promises";
import path from "node:path";
import { IndexUnusableError } from "./errors.js";
import { MANIFEST_FILE, manifestSchema, type IndexFileEntry, type Manifest } from "./manifest.js";

const DATA_FILE = /^(passages|hnsw|sentences)-[0-9a-f]{16}\.[a-z0-9]+$/;
const TEMP_FILE = /\.tmp-\d+$/;

function sha256(data: Uint8Array | string): string {
  return createHash("sha256").update(data).digest("hex");
}

async function writeDurably(file: string, data: Uint8Array | string): Promise<void> {
  const handle = await open(file, "w");
  try {
    await handle.writeFile(data);
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/**
 * Writes `data` under a content-addressed name (`prefix-<hash>.ext`) via a temporary file and a rename.
 * Content addressing means a new build never overwrites a file the current manifest points at.
 */
export async function writeDataFile(directory: string, prefix: string, extension: string, data: Uint8Array | string): Promise<IndexFileEntry> {
  const digest = sha256(data);
  const name = `${prefix}-${digest.slice(0, 16)}.${extension}`;
  const temporary = path.join(directory, `${name}.tmp-${process.pid}`);
  await writeDurably(temporary, data);
  await rename(temporary, path.join(directory, name));
  return { name, sha256: digest, bytes: typeof data === "string" ? Buffer.byteLength(data) : data.byteLength };
}

/** Publishing the manifest is the single step that switches readers to a new build. */
export async function publishManifest(directory: string, manifest: Manifest): Promise<void> {
  const temporary = path.join(directory, `${MANIFEST_FILE}.tmp-${process.pid}`);
  await writeDurably(temporary, `${JSON.stringify(manifest, null, 2)}\n`);
  await rename(temporary, path.join(directory, MANIFEST_FILE));
}

/** Removes data files the manifest no longer names and temporaries of interrupted builds. Call with the build lock held. */
export async function removeUnreferenced(directory: string, manifest: Manifest): Promise<string[]> {
  const keep = new Set(Object.values(manifest.files).map((file) => file.name));
  const removed: string[] = [];
  for (const name of await readdir(directory)) {
    if ((DATA_FILE.test(name) && !keep.has(name)) || TEMP_FILE.test(name)) {
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
  if (!parsed.success) throw new IndexUnusableError("corrupt", `${MANIFEST_FILE} does not match the expected format`);
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
