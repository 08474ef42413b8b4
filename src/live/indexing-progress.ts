import type { BuildProgress } from "../store/build-index.js";
import type { IndexingProgress } from "./assistant-holder.js";

/**
 * Turns a build's progress events into done/total with a rate and the time left. Parsing reports
 * counts only, so its rate is measured here from when the stage began.
 */
export function createProgressTracker(): (progress: BuildProgress) => IndexingProgress | undefined {
  let stage: string | undefined;
  let stageBegan = performance.now();
  return (progress) => {
    if (progress.stage !== stage) {
      stage = progress.stage;
      stageBegan = performance.now();
    }
    const seconds = (performance.now() - stageBegan) / 1000;
    const withEta = (done: number, total: number, perSecond: number): Pick<IndexingProgress, "done" | "total" | "perSecond" | "etaSeconds"> => ({
      done,
      total,
      perSecond,
      ...(perSecond > 0 ? { etaSeconds: Math.max(0, (total - done) / perSecond) } : {}),
    });
    switch (progress.stage) {
      case "waiting":
        return { stage: "waiting", done: 0, total: 0, perSecond: 0, detail: `waiting ${Math.round(progress.waitedMs / 1000)} s for ${progress.holder ? `process ${progress.holder.pid}` : "another process"} to finish indexing` };
      case "parsing":
        return { stage: "parsing", ...withEta(progress.done, progress.total, seconds > 0 ? progress.done / seconds : 0) };
      case "embedding":
        return { stage: "embedding", ...withEta(progress.done, progress.total, progress.perSecond), ...(progress.cached ? { detail: `${progress.cached} cached` } : {}) };
      case "parsed":
        return { stage: "parsing", done: progress.documents, total: progress.documents, perSecond: 0, detail: `${progress.documents} documents, ${progress.changes.added.length} added, ${progress.changes.changed.length} changed, ${progress.changes.removed.length} removed` };
      case "written":
        return undefined;
    }
  };
}

/** One line for logs and terminals: "embedding 120/947 (118/s, 7 s left)". */
export function formatProgress(progress: IndexingProgress): string {
  const counts = progress.total > 0 ? ` ${progress.done}/${progress.total}` : "";
  const rate = progress.perSecond > 0 ? ` (${progress.perSecond.toFixed(0)}/s${progress.etaSeconds !== undefined ? `, ${Math.ceil(progress.etaSeconds)} s left` : ""})` : "";
  return `${progress.stage}${counts}${rate}${progress.detail ? `: ${progress.detail}` : ""}`;
}
