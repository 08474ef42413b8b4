import { afterAll, beforeAll } from "vitest";
import { loadRuntime, type Runtime } from "../../src/bootstrap.js";
import { parseConfig } from "../../src/config.js";

/**
 * The real model and the committed index, exactly as `npm start` loads them. INDEX_DIR, CORPUS_DIR
 * and MODELS_DIR are read from the environment as `npm start` reads them (nothing else is, so a
 * stray setting cannot change what the tests measure). Refuses to rebuild: the tests must prove
 * the index is current.
 */
export function loadRealRuntime(): Promise<Runtime> {
  const { INDEX_DIR, CORPUS_DIR, MODELS_DIR } = process.env;
  const paths = Object.fromEntries(Object.entries({ INDEX_DIR, CORPUS_DIR, MODELS_DIR }).filter(([, value]) => value));
  return loadRuntime(parseConfig({ ...paths, AUTO_REBUILD: "false" }));
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
