import { readFile } from "node:fs/promises";
import { scanCorpus } from "../corpus/load-corpus.js";
import { sha256 } from "../corpus/sha256.js";

/** sha256 of a corpus file's bytes: what the manifest records and what decides whether it changed. */
export async function hashFile(file: string): Promise<string> {
  return sha256(await readFile(file));
}

/** sha256 of every file the corpus scan would read, by relative path; compared with the manifest's `corpus` at start. */
export async function hashCorpus(corpusDir: string): Promise<Record<string, string>> {
  const { entries } = await scanCorpus(corpusDir);
  const hashes: Record<string, string> = {};
  for (const entry of entries) hashes[entry.relativePath] = await hashFile(entry.absolutePath);
  return hashes;
}
