import { DEFAULT_ANSWER_OPTIONS } from "./answer/answer-options.js";
import { createAssistant, type IndexedAssistant } from "./assistant.js";
import type { OriginalReader } from "./routes/source-file.js";
import type { Config } from "./config.js";
import type { Embedder } from "./embed/embedder.js";
import { openIndex } from "./store/open-index.js";
import type { BuildProgress } from "./store/build-index.js";
import type { InferencePool } from "./inference/inference-pool.js";
import { createModels, type Models } from "./models.js";
import type { Verifier } from "./verifier/verifier.js";
import type { LoadedIndex } from "./store/load-index.js";
import type { CorpusReader } from "./retrieve/corpus-reader.js";
import { DocumentLibrary } from "./live/document-library.js";
import { LiveIndex } from "./live/live-index.js";
import { watchCorpus } from "./live/corpus-watcher.js";
import { startPostgresRuntime } from "./store/postgres/runtime.js";
import { openPostgresIndex } from "./store/postgres/open-postgres-index.js";

export interface Runtime {
  assistant: IndexedAssistant;
  /** The index build's embedder; disposing it ends the inference pool. */
  embedder: Embedder;
  verifier?: Verifier;
  /** Worker threads that run every model (admission control reads whether its queue is full). */
  pool: InferencePool;
}

/** How an assistant is made over an index or a corpus reader with these models; shared by the one-shot and the live runtime. */
function assistantMakers(config: Config, { queryEmbedder, verifier }: Models) {
  const options = { ...DEFAULT_ANSWER_OPTIONS, mode: config.answerMode };
  return {
    assistantFor: (index: LoadedIndex) => createAssistant({ index, embedder: queryEmbedder, verifier, options }),
    assistantOver: (corpus: CorpusReader) => createAssistant({ corpus, embedder: queryEmbedder, verifier, options }),
  };
}

/** Loads the model and the index (rebuilding it first when allowed and needed) and wires the assistant. */
export async function loadRuntime(config: Config, options: { log?: (message: string) => void; onProgress?: (progress: BuildProgress) => void } = {}): Promise<Runtime> {
  const models = createModels(config);
  const { pool, embedder, verifier } = models;
  // The models and the index load side by side: all are needed and none needs the others.
  const [, index] = await Promise.all([
    models.loaded,
    config.store?.kind === "postgres"
      ? openPostgresIndex({ url: config.store.databaseUrl, statementTimeoutMs: config.store.statementTimeoutMs }, { modelsDir: config.modelsDir, modelId: config.embeddingModel })
      : openIndex({
      corpusDir: config.corpusDir,
      indexDir: config.indexDir,
      modelsDir: config.modelsDir,
      modelId: config.embeddingModel,
      embedder,
      autoRebuild: config.autoRebuild,
      maxFileBytes: config.maxFileBytes,
      log: options.log,
      onProgress: options.onProgress,
    }),
  ]);
  return { assistant: assistantMakers(config, models).assistantFor(index), embedder, ...(verifier ? { verifier } : {}), pool };
}

export interface LiveRuntime extends Omit<Runtime, "assistant"> {
  /** The file store's LiveIndex or the Postgres store's snapshot of the database: what the server serves. */
  live: Pick<LiveIndex, "holder" | "index" | "manifest" | "requestUpdate" | "whenIdle">;
  documents: DocumentLibrary;
  /** Resolves once the index on disk has been looked at (and served, if usable); an update may go on in the background. */
  started: Promise<void>;
  /** Stops watching the corpus. */
  close(): Promise<void>;
  /** Originals from the store itself (Postgres); the file store's are the corpus folder's files. */
  readOriginal?: OriginalReader;
}

/**
 * The server's runtime: nothing is awaited, so the server listens at once. The index on disk is
 * served as soon as it loads, brought up to date in the background, and (with `config.watch`)
 * updated whenever the corpus folder changes.
 */
export function startLiveRuntime(
  config: Config,
  options: { log?: (message: string) => void; onProgress?: (progress: BuildProgress) => void; models?: Models } = {},
): LiveRuntime {
  // main.ts creates the models before loading the server's modules, so the workers start early.
  const models = options.models ?? createModels(config);
  const { pool, embedder, verifier } = models;
  const { assistantFor, assistantOver } = assistantMakers(config, models);
  // A failure shows up again in the first question or update that needs the model.
  models.loaded.catch((error: unknown) => options.log?.(`Loading the models failed: ${error instanceof Error ? error.message : String(error)}`));
  if (config.store?.kind === "postgres") {
    const { databaseUrl: url, statementTimeoutMs, poolMax, answering } = config.store;
    const sqlAnswering = answering === "sql" ? { createAssistant: assistantOver } : undefined;
    const postgres = startPostgresRuntime({ database: { url, statementTimeoutMs, poolMax }, corpusDir: config.corpusDir, watch: config.watch, modelsDir: config.modelsDir, modelId: config.embeddingModel, maxFileBytes: config.maxFileBytes, embedder, createAssistant: assistantFor, sqlAnswering, log: options.log, onProgress: options.onProgress });
    return { ...postgres, embedder, pool, ...(verifier ? { verifier } : {}) };
  }
  const live = new LiveIndex({
    corpusDir: config.corpusDir,
    indexDir: config.indexDir,
    modelsDir: config.modelsDir,
    modelId: config.embeddingModel,
    embedder,
    createAssistant: assistantFor,
    autoRebuild: config.autoRebuild,
    maxFileBytes: config.maxFileBytes,
    log: options.log,
    onProgress: options.onProgress,
  });
  const documents = new DocumentLibrary(config.corpusDir, live, { maxFileBytes: config.maxFileBytes });
  const watcher = config.watch ? watchCorpus(config.corpusDir, { onChange: () => void live.requestUpdate() }) : undefined;
  return { live, documents, embedder, pool, ...(verifier ? { verifier } : {}), started: live.start(), close: async () => watcher?.close() };
}
