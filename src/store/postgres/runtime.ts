import type { Assistant } from "../../assistant.js";
import type { Embedder } from "../../embed/embedder.js";
import { watchCorpus } from "../../live/corpus-watcher.js";
import type { BuildProgress } from "../build-index.js";
import type { LoadedIndex } from "../load-index.js";
import { createPool, type DatabaseOptions } from "./database.js";
import { PostgresDocumentLibrary } from "./postgres-library.js";
import { PostgresLiveIndex, type PostgresLiveIndexOptions } from "./postgres-live-index.js";
import { databaseOriginalReader } from "./originals.js";

export interface PostgresRuntimeOptions {
  database: DatabaseOptions;
  corpusDir: string;
  /** Import and watch `corpusDir` (one replica per database); off: this server only reads and takes uploads. */
  watch: boolean;
  modelsDir: string;
  modelId: string;
  maxFileBytes?: number;
  embedder: Embedder;
  createAssistant: (index: LoadedIndex) => Assistant;
  /** Answer from the database per question instead of an in-memory snapshot (PG_ANSWERING=sql). */
  sqlAnswering?: PostgresLiveIndexOptions["sqlAnswering"];
  pollMs?: number;
  log?: (message: string) => void;
  onProgress?: (progress: BuildProgress) => void;
}

/** The server's runtime on the Postgres store: a pool, the live snapshot, the document API over the database, and (with `watch`) the folder watcher. */
export function startPostgresRuntime(options: PostgresRuntimeOptions) {
  const pool = createPool(options.database);
  const corpusDir = options.watch ? options.corpusDir : undefined;
  const live = new PostgresLiveIndex({
    pool,
    databaseUrl: options.database.url,
    modelsDir: options.modelsDir,
    modelId: options.modelId,
    embedder: options.embedder,
    createAssistant: options.createAssistant,
    sqlAnswering: options.sqlAnswering,
    corpusDir,
    maxFileBytes: options.maxFileBytes,
    pollMs: options.pollMs,
    log: options.log,
    onProgress: options.onProgress,
  });
  const documents = new PostgresDocumentLibrary({ pool, databaseUrl: options.database.url, live, embedder: options.embedder, corpusDir, maxFileBytes: options.maxFileBytes });
  const watcher = corpusDir ? watchCorpus(corpusDir, { onChange: () => void live.requestUpdate() }) : undefined;
  return {
    live,
    documents,
    readOriginal: databaseOriginalReader(pool),
    started: live.start(),
    async close() {
      await watcher?.close();
      await live.close();
      await pool.end();
    },
  };
}
