import { existsSync } from "node:fs";
import type { Embedder } from "../../embed/embedder.js";
import type { ModelFingerprint } from "../../embed/model-fingerprint.js";
import type { BuildProgress } from "../build-index.js";
import { createPool, describeDatabase } from "./database.js";
import { importFolder, type ImportResult } from "./import-folder.js";
import { migrate } from "./migrate.js";
import { seedFromFileIndex } from "./seed-from-file-index.js";

export interface ImportCommandOptions {
  databaseUrl: string;
  statementTimeoutMs?: number;
  corpusDir: string;
  /** The file store's index folder for this corpus: its embedding cache is copied in first, when it has one. */
  indexDir?: string;
  embedder: Embedder;
  model: ModelFingerprint;
  full?: boolean;
  maxFileBytes?: number;
  onProgress?: (progress: BuildProgress) => void;
  log?: (message: string) => void;
}

/** `npm run index -- --store postgres`: migrate, copy the file index's vectors, import the folder. */
export async function runPostgresImport(options: ImportCommandOptions): Promise<ImportResult & { seeded: number }> {
  const { databaseUrl, corpusDir, indexDir, embedder, model, log = () => {} } = options;
  // One import may write a large document's rows in one statement: a longer limit than requests get.
  const pool = createPool({ url: databaseUrl, statementTimeoutMs: Math.max(options.statementTimeoutMs ?? 0, 300_000), poolMax: 2 });
  try {
    const applied = await migrate(pool);
    log(`Database ${describeDatabase(databaseUrl)}: ${applied.length ? `applied schema migration(s) ${applied.join(", ")}` : "schema up to date"}.`);
    const seeded = indexDir && existsSync(indexDir) ? await seedFromFileIndex(pool, indexDir, model) : 0;
    if (seeded > 0) log(`Copied ${seeded} cached vectors from the file index in ${indexDir}.`);
    const result = await importFolder({ pool, corpusDir, embedder, model, full: options.full, maxFileBytes: options.maxFileBytes, onProgress: options.onProgress });
    return { ...result, seeded };
  } finally {
    await pool.end();
  }
}
