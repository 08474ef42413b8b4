import type { Embedder } from "../embed/embedder.js";
import type { ModelFingerprint } from "../embed/model-fingerprint.js";
import { updateIndex, type BuildProgress } from "./build-index.js";
import type { CorpusChanges } from "./corpus-plan.js";
import { loadIndex, type LoadedIndex } from "./load-index.js";

export interface StoreImportOptions {
  corpusDir: string;
  embedder: Embedder;
  model: ModelFingerprint;
  /** Parse everything again instead of carrying unchanged documents over. */
  full?: boolean;
  maxFileBytes?: number;
  onProgress?: (progress: BuildProgress) => void;
}

export interface StoreImportResult {
  /** False when the store already matched the folder. */
  changed: boolean;
  changes: CorpusChanges;
  /** Texts the model embedded; the rest came from the store's embedding cache. */
  embedded: number;
  /** Documents carried over without parsing. */
  reused: number;
  seconds: number;
}

/**
 * Where a corpus is kept: the file store (an index folder) or the Postgres store (a database several
 * servers share). Both import a folder incrementally and give the same in-memory LoadedIndex that
 * retrieval, fusion and answering read, so those stay one code path.
 */
export interface CorpusStore {
  readonly kind: "file" | "postgres";
  importFolder(options: StoreImportOptions): Promise<StoreImportResult>;
  load(model: ModelFingerprint): Promise<LoadedIndex>;
}

/** The file store over `indexDir` (build-index.ts and load-index.ts, unchanged). */
export function fileStore(indexDir: string): CorpusStore {
  return {
    kind: "file",
    async importFolder({ corpusDir, embedder, model, full, maxFileBytes, onProgress }) {
      const { changed, changes, embedded, reused, seconds } = await updateIndex({ corpusDir, indexDir, embedder, model, full, maxFileBytes, onProgress, waitForLock: true });
      return { changed, changes, embedded, reused, seconds };
    },
    load: () => loadIndex(indexDir),
  };
}
