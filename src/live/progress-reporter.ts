import cliProgress from "cli-progress";
import type { BuildProgress } from "../store/build-index.js";
import { createProgressTracker, formatProgress } from "./indexing-progress.js";

export interface ProgressReporterOptions {
  /** Where lines go; a terminal gets a redrawn bar instead. */
  stream?: NodeJS.WriteStream;
  /** Seconds between plain lines when not on a terminal. */
  intervalSeconds?: number;
  /** Force plain lines (tests, logs) even on a terminal. */
  plain?: boolean;
}

/**
 * Shows a build's progress: on a terminal a cli-progress bar with the rate and time left, otherwise
 * a plain line at most every few seconds (and at each stage change), so logs stay readable.
 */
export function createProgressReporter({ stream = process.stderr, intervalSeconds = 5, plain = !stream.isTTY }: ProgressReporterOptions = {}): (progress: BuildProgress) => void {
  const track = createProgressTracker();
  let bar: cliProgress.SingleBar | undefined;
  let barStage: string | undefined;
  let lastLine = 0;
  let lastStage: string | undefined;
  const stopBar = () => {
    bar?.stop();
    bar = undefined;
    barStage = undefined;
  };
  return (progress) => {
    if (progress.stage === "written") {
      stopBar();
      return;
    }
    const shown = track(progress);
    if (!shown) return;
    if (plain || shown.total === 0) {
      const now = performance.now();
      if (shown.stage !== lastStage || now - lastLine >= intervalSeconds * 1000 || shown.done === shown.total) {
        if (shown.stage !== lastStage || shown.done !== shown.total || shown.total === 0) stream.write(`Indexing: ${formatProgress(shown)}\n`);
        lastLine = now;
        lastStage = shown.stage;
      }
      return;
    }
    if (barStage !== shown.stage) {
      stopBar();
      bar = new cliProgress.SingleBar(
        { stream, format: `${shown.stage.padEnd(9)} [{bar}] {value}/{total} | {rate}/s | {eta_formatted} left`, hideCursor: true, clearOnComplete: false },
        cliProgress.Presets.shades_classic,
      );
      bar.start(shown.total, shown.done, { rate: "0" });
      barStage = shown.stage;
    }
    bar?.setTotal(shown.total);
    bar?.update(shown.done, { rate: shown.perSecond.toFixed(0) });
    if (shown.done >= shown.total) stopBar();
  };
}
