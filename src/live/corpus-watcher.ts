import { watch, type FSWatcher } from "chokidar";

export interface CorpusWatcherOptions {
  /** Quiet time after the last event before an update starts: a burst (a checkout, a copy) is one update. */
  quietMs?: number;
  /** An update starts at the latest this long after the first event of a burst that never goes quiet. */
  maxWaitMs?: number;
  onChange: (paths: string[]) => void;
}

/**
 * Watches the corpus folder (recursively, hidden files ignored: they are never indexed, and uploads
 * are written as hidden temporaries) and reports each burst of changes once.
 */
export function watchCorpus(corpusDir: string, { quietMs = 300, maxWaitMs = 3_000, onChange }: CorpusWatcherOptions): { close(): Promise<void>; ready: Promise<void> } {
  const watcher: FSWatcher = watch(corpusDir, {
    ignoreInitial: true,
    ignored: (file) => /(^|[/\\])\.[^/\\]/.test(file.slice(corpusDir.length)),
    // Editors and copies write in several steps; wait until a file's size stops changing.
    awaitWriteFinish: { stabilityThreshold: 150, pollInterval: 50 },
  });
  let pending = new Set<string>();
  let quiet: NodeJS.Timeout | undefined;
  let deadline: NodeJS.Timeout | undefined;
  const flush = () => {
    clearTimeout(quiet);
    clearTimeout(deadline);
    quiet = deadline = undefined;
    const paths = [...pending];
    pending = new Set();
    if (paths.length > 0) onChange(paths);
  };
  watcher.on("all", (_event, file) => {
    pending.add(file);
    clearTimeout(quiet);
    quiet = setTimeout(flush, quietMs);
    deadline ??= setTimeout(flush, maxWaitMs);
  });
  const ready = new Promise<void>((resolve) => watcher.once("ready", () => resolve()));
  return {
    ready,
    async close() {
      clearTimeout(quiet);
      clearTimeout(deadline);
      await watcher.close();
    },
  };
}
