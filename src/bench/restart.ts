import { startServerProcess } from "../server-process.js";
import { summarize } from "./stats.js";

/** Milliseconds from spawning `npm start`'s script, one entry per restart. */
export interface RestartTimes {
  /** …to the first 200 from /health: the index is served and questions are answered. */
  healthyMs: number[];
  /** …to the first answered /ask, sent as soon as /health said 200. */
  answeredMs: number[];
  /** …to its "Ready" line: every inference worker holds every model, the question tagger is loaded. */
  readyMs: number[];
}

const LISTENING_LINE = /Listening on (http:\/\/[^\s/]+)\//;

/** Restarts the server `runs` times over an index that is up to date and times each. */
export async function benchRestarts({ root, env, question, runs }: { root: string; env: Record<string, string>; question: string; runs: number }): Promise<RestartTimes> {
  const times: RestartTimes = { healthyMs: [], answeredMs: [], readyMs: [] };
  for (let run = 0; run < runs; run++) {
    // Ready once it listens and /health answers 200; the "Ready" line comes later.
    const server = await startServerProcess({ root, env: { WATCH: "false", ...env }, ready: LISTENING_LINE });
    try {
      const sinceHealthy = performance.now();
      const response = await fetch(`${server.baseUrl}/ask`, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ question }) });
      if (response.status !== 200) throw new Error(`the first /ask after a restart answered ${response.status}`);
      await response.arrayBuffer();
      times.healthyMs.push(server.coldStartMs);
      times.answeredMs.push(server.coldStartMs + performance.now() - sinceHealthy);
      while (!/Ready in/.test(server.output())) {
        if (performance.now() - sinceHealthy > 60_000) throw new Error("no Ready line within a minute");
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
      times.readyMs.push(server.coldStartMs + performance.now() - sinceHealthy);
    } finally {
      await server.stop();
    }
  }
  return times;
}

/** One line of the bench report, with the target (≤ 1.5 s to a healthy server). */
export function formatRestarts(times: RestartTimes): string {
  const seconds = (values: number[]) => `${values.map((ms) => (ms / 1000).toFixed(2)).join(", ")} s (median ${(summarize(values).p50 / 1000).toFixed(2)} s)`;
  const healthy = summarize(times.healthyMs).p50;
  return (
    `Restart with the index up to date, from spawning \`npm start\`'s script: to the first 200 from /health ${seconds(times.healthyMs)}, target ≤ 1.5 s ${healthy <= 1500 ? "✔" : "✘"}; ` +
    `to the first answered /ask ${seconds(times.answeredMs)}; to "Ready" (every worker holds the models) ${seconds(times.readyMs)}`
  );
}
