import { fingerprintModel } from "../../embed/model-fingerprint.js";
import type { LoadedIndex } from "../load-index.js";
import { createPool, type DatabaseOptions } from "./database.js";
import { loadSnapshot } from "./load-snapshot.js";
import { migrate } from "./migrate.js";

/**
 * The database's corpus as one LoadedIndex, for the one-shot commands (`npm run ask`, `npm run eval`
 * with STORE=postgres): migrate, read one snapshot, close the pool. Nothing is imported here; an empty
 * database or one made with another model throws IndexUnusableError saying so.
 */
export async function openPostgresIndex(database: DatabaseOptions, { modelsDir, modelId }: { modelsDir: string; modelId: string }): Promise<LoadedIndex> {
  const pool = createPool({ ...database, poolMax: 2 });
  try {
    await migrate(pool);
    return (await loadSnapshot(pool, { model: await fingerprintModel(modelsDir, modelId) })).index;
  } finally {
    await pool.end();
  }
}
