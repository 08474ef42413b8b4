import type { Assistant } from "../assistant.js";
import type { Embedder } from "../embed/embedder.js";
import { fingerprintModel, type ModelFingerprint } from "../embed/model-fingerprint.js";
import { formatCorpusSummary } from "../corpus/corpus-summary.js";
import { updateIndex, lockFileFor, type BuildProgress, type BuildResult } from "../store/build-index.js";
import { EMBEDDING_RECIPE } from "../store/embedding-cache.js";
import { IndexUnusableError } from "../store/errors.js";
import { readManifest, removeUnreferenced } from "../store/index-files.js";
import { loadIndex, type LoadedIndex } from "../store/load-index.js";
import { acquireLock } from "../store/lock.js";
import type { Manifest } from "../store/manifest.js";
import { checkIndex } from "../store/open-index.js";
import { SwappableHolder } from "./assistant-holder.js";
import { createProgressTracker } from "./indexing-progress.js";
import { SerialRunner } from "./serial-runner.js";

export interface LiveIndexOptions {
  corpusDir: string;
  indexDir: string;
  modelsDir: string;
  modelId: string;
  /** The embedder updates use (the model's batch path). */
  embedder: Embedder;
  /** Builds the assistant over a loaded index. */
  createAssistant: (index: LoadedIndex) => Assistant;
  /** Bring a missing or stale index up to date; off: serve what is there, or nothing. */
  autoRebuild: boolean;
  /** Corpus files larger than this are skipped as too large (MAX_FILE_BYTES). */
  maxFileBytes?: number;
  log?: (message: string) => void;
  onProgress?: (progress: BuildProgress) => void;
}

/** Errors that mean the index folder cannot be written, not that the index is wrong. */
const UNWRITABLE = new Set(["EROFS", "EACCES", "EPERM", "ENOSPC", "EDQUOT"]);

function unwritableReason(error: unknown): string | undefined {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (!code || !UNWRITABLE.has(code)) return undefined;
  return code === "ENOSPC" || code === "EDQUOT" ? "full" : "read-only";
}

/**
 * The index as the server sees it: loaded at start if one is usable (even a stale one, while it is
 * updated), brought up to date in the background, and swapped into the holder only once an update
 * has been written, verified and loaded. Updates run one at a time; requests that arrive during one
 * are coalesced into a single follow-up run. A failed update leaves the serving index in place.
 */
export class LiveIndex {
  readonly holder = new SwappableHolder();
  private model: ModelFingerprint | undefined;
  private readonly updates = new SerialRunner(async () => {
    await this.runOnce();
  });
  private loaded: LoadedIndex | undefined;

  constructor(private readonly options: LiveIndexOptions) {}

  get index(): LoadedIndex | undefined {
    return this.loaded;
  }

  /** The manifest of the index being served. */
  get manifest(): Manifest | undefined {
    return this.loaded?.manifest;
  }

  /**
   * Serves the index on disk if its vectors fit the configured model, cleans up after failed
   * builds, and starts an update when the index is missing or stale. Resolves once the first look
   * is done (fast: no embedding), not when the update ends; `whenIdle()` waits for that.
   */
  async start(): Promise<void> {
    const { corpusDir, indexDir, log = () => {} } = this.options;
    const model = fingerprintModel(this.options.modelsDir, this.options.modelId);
    const { index, problem } = await checkIndex({ ...this.options, model });
    this.model = await model;
    if (index && problem?.reason !== "foreign" && index.manifest.model.sha256 === this.model.sha256 && index.manifest.embeddingRecipe === EMBEDDING_RECIPE) {
      this.install(index);
    }
    if (problem?.reason === "foreign") {
      this.holder.update({ state: "idle", lastError: { at: new Date().toISOString(), message: problem.message } });
      throw problem;
    }
    await this.cleanOrphans();
    if (!problem) {
      this.holder.update({ state: "idle" });
      // An index saved without a lexical file of this version serves (its BM25 and term frequencies built at each start); an update saves one.
      if (this.loaded && !this.loaded.lexical && this.options.autoRebuild) {
        log(`Saving the lexical file (BM25 and term frequencies) with the index in ${indexDir}, so that restarts need not build them ...`);
        void this.requestUpdate();
      }
      return;
    }
    if (!this.options.autoRebuild) {
      const message = `${problem.message} AUTO_REBUILD=false: ${this.loaded ? "serving it as it is" : "nothing to serve"}.`;
      this.holder.warn(message);
      log(message);
      this.holder.update({ state: "idle" });
      if (!this.loaded) throw problem;
      return;
    }
    log(`${problem.message.replace(/ Rebuild it.*$/, "")} Updating ${indexDir} from ${corpusDir}${this.loaded ? " while the current index serves" : ""} ...`);
    void this.requestUpdate();
  }

  /** Asks for an update; resolves when an update that began after this call has finished (or failed). */
  requestUpdate(): Promise<void> {
    return this.updates.request();
  }

  /** Resolves when no update is running or queued. */
  whenIdle(): Promise<void> {
    return this.updates.whenIdle();
  }

  private async runOnce(): Promise<BuildResult | undefined> {
    const { corpusDir, indexDir, embedder, log = () => {}, onProgress } = this.options;
    const track = createProgressTracker();
    this.holder.update({ state: "indexing" });
    try {
      this.model ??= await fingerprintModel(this.options.modelsDir, this.options.modelId);
      const result = await updateIndex({
        corpusDir,
        indexDir,
        embedder,
        model: this.model,
        waitForLock: true,
        maxFileBytes: this.options.maxFileBytes,
        onProgress: (progress) => {
          onProgress?.(progress);
          const shown = track(progress);
          if (shown) this.holder.update({ progress: shown });
        },
      });
      if (result.changed || !this.loaded || this.loaded.manifest.files.passages.sha256 !== result.manifest.files.passages.sha256) {
        this.install(await loadIndex(indexDir));
      }
      this.holder.clearWarnings();
      const { added, changed, removed } = result.changes;
      if (result.changed) {
        this.holder.update({ lastUpdate: { at: new Date().toISOString(), seconds: result.seconds, added: added.length, changed: changed.length, removed: removed.length, embedded: result.embedded } });
        log(`Index updated in ${result.seconds.toFixed(1)} s: ${added.length} added, ${changed.length} changed, ${removed.length} removed, ${result.embedded} texts embedded (${indexDir}).`);
        const { manifest } = result;
        for (const line of formatCorpusSummary({ documents: manifest.documents, passages: manifest.counts.paragraphs, skipped: manifest.skipped })) log(line);
      }
      return result;
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      const unwritable = unwritableReason(error);
      if (unwritable) this.holder.warn(`The index folder ${indexDir} is ${unwritable}; ${this.loaded ? "the last good index keeps serving" : "no index can be built"} until it can be written.`);
      this.holder.update({ lastError: { at: new Date().toISOString(), message } });
      log(`Index update failed (${indexDir} from ${corpusDir}): ${message}${this.loaded ? " The last good index keeps serving." : ""}`);
      return undefined;
    } finally {
      this.holder.update({ state: "idle" });
    }
  }

  private install(index: LoadedIndex): void {
    this.loaded = index;
    this.holder.swap(this.options.createAssistant(index));
  }

  /** Temporaries and unreferenced files of a build that crashed; skipped when another process is building. */
  private async cleanOrphans(): Promise<void> {
    const { indexDir, log = () => {} } = this.options;
    const release = await acquireLock(lockFileFor(indexDir)).catch((error: unknown) => {
      const unwritable = unwritableReason(error);
      if (unwritable) this.holder.warn(`The index folder ${indexDir} is ${unwritable}: the index is served as it is and cannot be updated.`);
      return undefined;
    });
    if (!release) return;
    try {
      // The manifest on disk, read under the lock: another process may have published since we loaded.
      const removed = await removeUnreferenced(indexDir, await readManifest(indexDir).catch(() => undefined));
      if (removed.length > 0) log(`Removed ${removed.length} file(s) left by an interrupted build from ${indexDir}.`);
    } catch (error) {
      if (!(error instanceof IndexUnusableError)) log(`Could not clean ${indexDir}: ${error instanceof Error ? error.message : String(error)}`);
    } finally {
      await release().catch(() => {});
    }
  }
}
