import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["tests/**/*.test.ts"],
    // Integration tests load the real models in worker pools (one thread per core) and start real
    // servers and a browser: files run one at a time, so a browser test's timings never compete with
    // the SQuAD evaluation for the two cores (measured: run side by side, six browser tests timed out).
    fileParallelism: false,
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
