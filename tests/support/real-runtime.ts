import { loadRuntime, type Runtime } from "../../src/bootstrap.js";
import { parseConfig } from "../../src/config.js";

/**
 * The real model and the committed index, exactly as `npm start` loads them. Refuses to rebuild:
 * the tests must prove the committed index is current.
 */
export function loadRealRuntime(): Promise<Runtime> {
  return loadRuntime(parseConfig({ AUTO_REBUILD: "false" }));
}
