import { DEFAULT_CHUNK_OPTIONS } from "../corpus/chunk.js";
import type { Embedder } from "../embed/embedder.js";
import { fingerprintModel, type ModelFingerprint } from "../embed/model-fingerprint.js";
import { updateIndex, type BuildProgress } from "./build-index.js";
import { hashCorpus } from "./corpus-hashes.js";
import { IndexUnusableError } from "./errors.js";
import { findStaleness, loadIndex, type LoadedIndex } from "./load-index.js";
import { sameCorpusDir } from "./previous-index.js";

export interface OpenIndexOptions {
  corpusDir: string;
  indexDir: string;
  modelsDir: string;
  modelId: string;
  embedder: Embedder;
  /** Rebuild a missing, corrupt or stale index from the corpus instead of refusing to start. */
  autoRebuild: boolean;
  /** Corpus files larger than this are skipped as too large (MAX_FILE_BYTES). */
  maxFileBytes?: number;
  log?: (message: string) => void;
  onProgress?: (progress: BuildProgress) => void;
}

/** Loads the index and says why it cannot be served as the current index of `corpusDir`, if it cannot. */
export async function checkIndex(options: {
  corpusDir: string;
  indexDir: string;
  modelsDir: string;
  modelId: string;
  /** The configured model's fingerprint when the caller has it (hashing the weights again costs ~0.1 s of a start). */
  model?: ModelFingerprint | Promise<ModelFingerprint>;
}): Promise<{ index?: LoadedIndex; problem?: IndexUnusableError }> {
  const { corpusDir, indexDir } = options;
  // Hashing the model weights and the corpus files runs while the index loads: on a restart these
  // three reads are most of the time before the index serves. Their failures surface where awaited.
  const model = Promise.resolve(options.model ?? fingerprintModel(options.modelsDir, options.modelId));
  const corpus = hashCorpus(corpusDir);
  model.catch(() => {});
  corpus.catch(() => {});
  let index: LoadedIndex;
  try {
    index = await loadIndex(indexDir);
  } catch (error) {
    if (error instanceof IndexUnusableError) return { problem: error.withFolders({ indexDir, corpusDir }) };
    throw error;
  }
  if (!sameCorpusDir(index.manifest, indexDir, corpusDir)) {
    return { index, problem: new IndexUnusableError("foreign", `it was built from ${index.manifest.corpusDir} (relative to it), not from ${corpusDir}`, { indexDir }) };
  }
  const stale = findStaleness(index.manifest, { corpus: await corpus, model: await model, chunking: DEFAULT_CHUNK_OPTIONS });
  return stale ? { index, problem: new IndexUnusableError("stale", stale, { indexDir, corpusDir }) } : { index };
}

/**
 * Loads the index if it is intact and current; otherwise updates it (when allowed) or throws
 * an IndexUnusableError that says how to rebuild and names the folders. A broken index is never served.
 */
export async function openIndex(options: OpenIndexOptions): Promise<LoadedIndex> {
  const { corpusDir, indexDir, modelsDir, modelId, embedder, autoRebuild, log = () => {} } = options;
  const { index, problem } = await checkIndex(options);
  if (!problem && index) return index;
  if (!problem) throw new Error("unreachable: no index and no problem");
  if (!autoRebuild || problem.reason === "foreign") throw problem;
  log(`${problem.message.replace(/ Rebuild it.*$/, "")} Updating it from ${corpusDir} ...`);
  await updateIndex({ corpusDir, indexDir, embedder, model: await fingerprintModel(modelsDir, modelId), onProgress: options.onProgress, waitForLock: true, maxFileBytes: options.maxFileBytes });
  return loadIndex(indexDir);
}
