/**
 * Preloaded into the server by the bench (`node --import tsx --import ./src/bench/loop-monitor.ts
 * src/main.ts`): records event-loop delay with `monitorEventLoopDelay` and, on SIGUSR2, writes the
 * percentiles since the last SIGUSR2 to `BENCH_LOOP_DELAY_FILE`, so a bench phase can be measured
 * alone. Never loaded by `npm start`.
 */
import { writeFileSync } from "node:fs";
import { monitorEventLoopDelay } from "node:perf_hooks";

const file = process.env.BENCH_LOOP_DELAY_FILE;
if (file) {
  const histogram = monitorEventLoopDelay({ resolution: 5 });
  histogram.enable();
  process.on("SIGUSR2", () => {
    const ms = (nanoseconds: number) => nanoseconds / 1e6;
    writeFileSync(
      file,
      JSON.stringify({ p50: ms(histogram.percentile(50)), p99: ms(histogram.percentile(99)), max: ms(histogram.max), count: histogram.count }),
    );
    histogram.reset();
  });
}
