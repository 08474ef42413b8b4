import { DEFAULT_CHUNK_OPTIONS } from "../corpus/chunk.js";
import { readCorpusFiles } from "../corpus/load-corpus.js";
import type { Embedder } from "../embed/embedder.js";
import { fingerprintModel } from "../embed/model-fingerprint.js";
import { buildIndex, type BuildProgress } from "./build-index.js";
import { IndexUnusableError } from "./errors.js";
import { findStaleness, loadIndex, type LoadedIndex } from "./load-index.js";

export interface OpenIndexOptions {
  corpusDir: string;
  indexDir: string;
  modelsDir: string;
  modelId: string;
  embedder: Embedder;
  /** Rebuild a missing, corrupt or stale index from the corpus instead of refusing to start. */
  autoRebuild: boolean;
  log?: (message: string) => void;
  onProgress?: (progress: BuildProgress) => void;
}

/**
 * Loads the index if it is intact and current; otherwise rebuilds it (when allowed) or throws
 * an IndexUnusableError that says how to rebuild. A broken index is never served.
 */
export async function openIndex(options: OpenIndexOptions): Promise<LoadedIndex> {
  const { corpusDir, indexDir, modelsDir, modelId, embedder, autoRebuild, log = () => {} } = options;
  const model = await fingerprintModel(modelsDir, modelId);
  const corpus = Object.fromEntries((await readCorpusFiles(corpusDir)).map((file) => [file.fileName, file.sha256]));
  try {
    const loaded = await loadIndex(indexDir);
    const stale = findStaleness(loaded.manifest, { corpus, model, chunking: DEFAULT_CHUNK_OPTIONS });
    if (stale) throw new IndexUnusableError("stale", stale);
    return loaded;
  } catch (error) {
    if (!(error instanceof IndexUnusableError) || !autoRebuild) throw error;
    log(`${error.message.replace(/ Rebuild it.*$/, "")} Rebuilding from ${corpusDir} ...`);
    await buildIndex({ corpusDir, indexDir, embedder, model, onProgress: options.onProgress });
    return loadIndex(indexDir);
  }
}
