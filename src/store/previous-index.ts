import path from "node:path";
import type { ChunkOptions } from "../corpus/chunk.js";
import type { ModelFingerprint } from "../embed/model-fingerprint.js";
import { EMBEDDING_RECIPE, EmbeddingCache } from "./embedding-cache.js";
import { readManifest, readVerified } from "./index-files.js";
import { loadIndex, type LoadedIndex } from "./load-index.js";
import type { Manifest } from "./manifest.js";
import type { HnswParams } from "./vector-index.js";

export interface PreviousIndexFiles {
  /** The published manifest, when one parses. */
  manifest?: Manifest;
  /** The whole index, when it is intact and built with the same model and settings (its passages can be carried over). */
  index?: LoadedIndex;
  /** Its embedding cache, when intact and made with the same model and recipe. */
  cache?: EmbeddingCache;
}

/** Whether a manifest was built from `corpusDir` (it records the folder relative to the index folder). */
export function sameCorpusDir(manifest: Manifest, indexDir: string, corpusDir: string): boolean {
  return path.resolve(indexDir, manifest.corpusDir) === path.resolve(corpusDir);
}

/**
 * What an update can reuse of the index on disk. Nothing here throws: a missing, damaged or
 * incompatible index simply means the update starts from scratch for that part.
 */
export async function readPreviousIndex(indexDir: string, current: { model: ModelFingerprint; chunking: ChunkOptions; hnsw: HnswParams }): Promise<PreviousIndexFiles> {
  const manifest = await readManifest(indexDir).catch(() => undefined);
  if (!manifest) return {};
  const sameModel = manifest.model.sha256 === current.model.sha256 && manifest.model.id === current.model.id && manifest.embeddingRecipe === EMBEDDING_RECIPE;
  if (!sameModel) return { manifest };
  const cache = await readVerified(indexDir, manifest.files.embeddings)
    .then((bytes) => EmbeddingCache.deserialize(bytes))
    .catch(() => undefined);
  const sameSettings =
    manifest.chunking.chunkSize === current.chunking.chunkSize &&
    manifest.chunking.chunkOverlap === current.chunking.chunkOverlap &&
    (Object.keys(current.hnsw) as (keyof HnswParams)[]).every((key) => manifest.hnsw[key] === current.hnsw[key]);
  const index = sameSettings ? await loadIndex(indexDir).catch(() => undefined) : undefined;
  return { manifest, ...(index ? { index } : {}), ...(cache ? { cache } : {}) };
}
