import { afterAll, beforeAll } from "vitest";
import { loadRuntime, type Runtime } from "../../src/bootstrap.js";
import { parseConfig } from "../../src/config.js";

/**
 * The real model and the committed index, exactly as `npm start` loads them. Refuses to rebuild:
 * the tests must prove the committed index is current.
 */
export function loadRealRuntime(): Promise<Runtime> {
  return loadRuntime(parseConfig({ AUTO_REBUILD: "false" }));
}

/** Loads the real runtime once for the enclosing describe block and disposes of it afterwards. */
export function useRealRuntime(): { readonly current: Runtime } {
  let runtime: Runtime | undefined;
  beforeAll(async () => {
    runtime = await loadRealRuntime();
  }, 60_000);
  afterAll(async () => {
    await runtime?.embedder.dispose();
  });
  return {
    get current() {
      if (!runtime) throw new Error("the runtime is not loaded yet");
      return runtime;
    },
  };
}
