import type pg from "pg";
import type { Assistant } from "../../assistant.js";
import { formatCorpusSummary } from "../../corpus/corpus-summary.js";
import type { Embedder } from "../../embed/embedder.js";
import { fingerprintModel, type ModelFingerprint } from "../../embed/model-fingerprint.js";
import { SwappableHolder } from "../../live/assistant-holder.js";
import { createProgressTracker } from "../../live/indexing-progress.js";
import type { BuildProgress } from "../build-index.js";
import { IndexUnusableError } from "../errors.js";
import type { LoadedIndex } from "../load-index.js";
import type { Manifest } from "../manifest.js";
import { startChangeFeed } from "./change-feed.js";
import { describeDatabase, isUnreachable } from "./database.js";
import { importFolder } from "./import-folder.js";
import { loadSnapshot, type Snapshot } from "./load-snapshot.js";
import { migrate } from "./migrate.js";
import { SerialRunner } from "../../live/serial-runner.js";
import type { CorpusReader } from "../../retrieve/corpus-reader.js";
import { readDatabaseManifest } from "./database-manifest.js";
import { sqlCorpus } from "./sql-corpus.js";
import { enableBm25 } from "./sql-search.js";
import { countMissingTerms } from "./term-counts.js";

export interface PostgresLiveIndexOptions {
  pool: pg.Pool;
  /** For the LISTEN connection, which stays out of the pool. */
  databaseUrl: string;
  modelsDir: string;
  modelId: string;
  /** The model's fingerprint when the caller has it (otherwise read from `modelsDir`). */
  model?: ModelFingerprint;
  embedder: Embedder;
  createAssistant: (index: LoadedIndex) => Assistant;
  /**
   * Answer from the database per question (PG_ANSWERING=sql): no snapshot is loaded; on each new
   * generation this server reads the document list and makes a new assistant over `sqlCorpus`.
   */
  sqlAnswering?: { createAssistant: (corpus: CorpusReader) => Assistant };
  /** The folder this server imports (at start and on `requestUpdate`); undefined: this server only reads. */
  corpusDir?: string;
  maxFileBytes?: number;
  /** How often the generation is polled besides LISTEN, and how soon a failed start is retried. */
  pollMs?: number;
  /** How long the LISTEN connection may take to connect. */
  connectTimeoutMs?: number;
  log?: (message: string) => void;
  onProgress?: (progress: BuildProgress) => void;
}

/**
 * The Postgres store as a server sees it: the database is the corpus's source of truth; this server
 * holds an in-memory snapshot of it (passages, HNSW graph, sentence vectors) that answering reads,
 * and swaps in a new snapshot whenever the database's generation moves (LISTEN/NOTIFY, or the poll).
 * A server with a corpus folder also imports it; the others only read. While the database cannot
 * be reached the last snapshot keeps answering and /health carries a warning; before any snapshot,
 * requests get 503. With `sqlAnswering` there is no snapshot: each question reads its passages from
 * the database, and a new generation only swaps in an assistant over the new document list.
 */
export class PostgresLiveIndex {
  readonly holder = new SwappableHolder();
  private model: ModelFingerprint | undefined;
  private loaded: LoadedIndex | undefined;
  private served: Manifest | undefined;
  /** Whether lexical search in SQL ranks by BM25 (pg_textsearch); decided at start in SQL answering. */
  private bm25 = false;
  private snapshot: Snapshot | undefined;
  private generation = -1;
  private migrated = false;
  private feed: ReturnType<typeof startChangeFeed> | undefined;
  private retry: NodeJS.Timeout | undefined;
  private closed = false;
  private readonly reloads = new SerialRunner(() => this.reloadOnce());
  private readonly imports = new SerialRunner(() => this.importOnce());

  constructor(private readonly options: PostgresLiveIndexOptions) {
    this.model = options.model;
  }

  get index(): LoadedIndex | undefined {
    return this.loaded;
  }

  get manifest(): Manifest | undefined {
    return this.served;
  }

  /** The generation of the snapshot being served (-1 before the first). */
  get servedGeneration(): number {
    return this.generation;
  }

  /** The model fingerprint (read once), for uploads. */
  async modelFingerprint(): Promise<ModelFingerprint> {
    this.model ??= await fingerprintModel(this.options.modelsDir, this.options.modelId);
    return this.model;
  }

  /**
   * Migrates the schema, loads the first snapshot, starts listening, and (with a corpus folder)
   * imports it in the background. Never rejects because the database is down: it says so in the
   * status and tries again every `pollMs`.
   */
  async start(): Promise<void> {
    await this.modelFingerprint();
    await this.connect();
  }

  private async connect(): Promise<void> {
    const { pool, databaseUrl, pollMs = 2_000, log = () => {} } = this.options;
    try {
      if (!this.migrated) {
        const applied = await migrate(pool);
        this.migrated = true;
        if (applied.length > 0) log(`Database ${describeDatabase(databaseUrl)}: applied schema migration(s) ${applied.join(", ")}.`);
        if (this.options.sqlAnswering) await this.prepareSqlAnswering();
      }
      this.reachable(undefined);
    } catch (error) {
      this.reachable(error);
      if (!isUnreachable(error)) throw error;
      if (!this.closed) this.retry = setTimeout(() => void this.connect(), pollMs);
      return;
    }
    this.feed ??= startChangeFeed({ url: databaseUrl, pool, pollMs, connectTimeoutMs: this.options.connectTimeoutMs, onGeneration: (generation) => generation !== this.generation && void this.reloads.request(), onReachability: (problem) => this.reachable(problem) });
    await this.reloads.request();
    this.holder.update({ state: "idle" });
    if (this.options.corpusDir) void this.requestUpdate();
  }

  /** Imports the corpus folder (when this server has one), then serves the result. */
  requestUpdate(): Promise<void> {
    return this.options.corpusDir ? this.imports.request() : this.reload();
  }

  /** Loads a new snapshot if the database moved on. */
  reload(): Promise<void> {
    return this.reloads.request();
  }

  async whenIdle(): Promise<void> {
    await this.imports.whenIdle();
    await this.reloads.whenIdle();
  }

  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.retry);
    await this.feed?.close();
    await this.whenIdle();
  }

  private reachable(problem: unknown): void {
    const prefix = "The database ";
    const warnings = this.holder.status().warnings.filter((warning) => !warning.startsWith(prefix));
    this.holder.clearWarnings();
    for (const warning of warnings) this.holder.warn(warning);
    if (problem && isUnreachable(problem)) {
      const message = `${prefix}${describeDatabase(this.options.databaseUrl)} is unreachable (${problem instanceof Error ? problem.message : String(problem)}); ${this.loaded ? "the last loaded corpus keeps answering, writes fail with 503" : "nothing can be answered until it is back"}.`;
      this.holder.warn(message);
      this.holder.update({ lastError: { at: new Date().toISOString(), message } });
    }
  }

  /** Counts the terms of documents written before the counts existed or by another tokenizer, and uses BM25 when the server offers it. */
  private async prepareSqlAnswering(): Promise<void> {
    const { pool, log = () => {} } = this.options;
    const counted = await countMissingTerms(pool);
    if (counted > 0) log(`Counted the terms of ${counted} document(s) written before answering in SQL existed or counted by another tokenizer version (nothing embedded).`);
    this.bm25 = await enableBm25(pool).catch((error: unknown) => {
      log(`BM25 (pg_textsearch) could not be set up, lexical search ranks by ts_rank_cd: ${error instanceof Error ? error.message : String(error)}`);
      return false;
    });
  }

  private async reloadOnce(): Promise<void> {
    const { pool, databaseUrl, sqlAnswering, log = () => {} } = this.options;
    try {
      if (sqlAnswering) {
        const { manifest, generation } = await readDatabaseManifest(pool, await this.modelFingerprint());
        if (generation === this.generation) return;
        this.generation = generation;
        this.served = manifest;
        this.holder.swap(sqlAnswering.createAssistant(sqlCorpus({ pool, databaseUrl, manifest, bm25: this.bm25 })));
        return;
      }
      const snapshot = await loadSnapshot(pool, { model: await this.modelFingerprint(), previous: this.snapshot });
      if (snapshot.generation === this.generation) return;
      this.snapshot = snapshot;
      this.loaded = snapshot.index;
      this.served = snapshot.index.manifest;
      this.generation = snapshot.generation;
      this.holder.swap(this.options.createAssistant(snapshot.index));
    } catch (error) {
      if (error instanceof IndexUnusableError && error.reason === "missing") return;
      this.reachable(error);
      const message = error instanceof Error ? error.message : String(error);
      this.holder.update({ lastError: { at: new Date().toISOString(), message } });
      log(`Loading the corpus from the database failed: ${message}${this.loaded ? " The last loaded corpus keeps answering." : ""}`);
    }
  }

  private async importOnce(): Promise<void> {
    const { pool, corpusDir, embedder, log = () => {}, onProgress } = this.options;
    if (!corpusDir) return;
    const track = createProgressTracker();
    this.holder.update({ state: "indexing" });
    try {
      const result = await importFolder({
        pool,
        corpusDir,
        embedder,
        model: await this.modelFingerprint(),
        maxFileBytes: this.options.maxFileBytes,
        onProgress: (progress) => {
          onProgress?.(progress);
          const shown = track(progress);
          if (shown) this.holder.update({ progress: shown });
        },
      });
      if (result.changed) {
        const { added, changed, removed } = result.changes;
        this.holder.update({ lastUpdate: { at: new Date().toISOString(), seconds: result.seconds, added: added.length, changed: changed.length, removed: removed.length, embedded: result.embedded } });
        log(`Database updated from ${corpusDir} in ${result.seconds.toFixed(1)} s: ${added.length} added, ${changed.length} changed, ${removed.length} removed, ${result.embedded} texts embedded.`);
        for (const line of formatCorpusSummary({ documents: result.documents, passages: result.paragraphs, skipped: result.skipped })) log(line);
      }
      await this.reloads.request();
    } catch (error) {
      this.reachable(error);
      const message = error instanceof Error ? error.message : String(error);
      this.holder.update({ lastError: { at: new Date().toISOString(), message } });
      log(`Importing ${corpusDir} into the database failed: ${message}`);
    } finally {
      this.holder.update({ state: "idle" });
    }
  }
}
