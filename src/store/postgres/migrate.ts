import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import type pg from "pg";
import { sha256 } from "../../corpus/sha256.js";
import { PROJECT_ROOT } from "../../project-root.js";
import { inTransaction } from "./database.js";

export const MIGRATIONS_DIR = path.join(PROJECT_ROOT, "src", "store", "postgres", "migrations") + path.sep;

export interface Migration {
  version: number;
  name: string;
  sql: string;
  checksum: string;
}

/** `NNN-name.sql` files in version order; a gap or a repeated version is a mistake worth refusing. */
export async function readMigrations(directory = MIGRATIONS_DIR): Promise<Migration[]> {
  const names = (await readdir(directory)).filter((name) => name.endsWith(".sql")).sort();
  const migrations: Migration[] = [];
  for (const name of names) {
    const match = /^(\d{3})-[a-z0-9-]+\.sql$/.exec(name);
    if (!match) throw new Error(`migration file ${name} is not named NNN-name.sql`);
    const version = Number(match[1]);
    if (version !== migrations.length + 1) throw new Error(`migration ${name} should be version ${migrations.length + 1}`);
    const sql = await readFile(path.join(directory, name), "utf8");
    migrations.push({ version, name, sql, checksum: sha256(sql) });
  }
  return migrations;
}

/** Any 64-bit number no other application on the database uses; the text says whose it is. */
const MIGRATION_LOCK = "cited-docs-chat/migrations";

/**
 * Applies the migrations the database has not seen, in one transaction holding a transaction-level
 * advisory lock: servers starting together queue on the lock, and each after the first finds
 * nothing left to do. A migration already applied whose file changed since is refused, not re-run.
 * Returns the versions this call applied.
 */
export async function migrate(pool: pg.Pool, migrations?: Migration[]): Promise<number[]> {
  const wanted = migrations ?? (await readMigrations());
  return inTransaction(pool, async (client) => {
    await client.query("SELECT pg_advisory_xact_lock(hashtext($1))", [MIGRATION_LOCK]);
    await client.query(`CREATE TABLE IF NOT EXISTS schema_migrations (
      version integer PRIMARY KEY, name text NOT NULL, checksum text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`);
    const { rows } = await client.query<{ version: number; name: string; checksum: string }>("SELECT version, name, checksum FROM schema_migrations ORDER BY version");
    const applied = new Map(rows.map((row) => [row.version, row]));
    const newest = Math.max(0, ...applied.keys());
    if (newest > wanted.length) throw new Error(`the database has schema version ${newest}; this version of the software knows ${wanted.length} — upgrade it`);
    const done: number[] = [];
    for (const migration of wanted) {
      const previous = applied.get(migration.version);
      if (previous) {
        if (previous.checksum !== migration.checksum) throw new Error(`migration ${migration.name} changed after it was applied (as ${previous.name}); add a new migration instead`);
        continue;
      }
      await client.query(migration.sql);
      await client.query("INSERT INTO schema_migrations (version, name, checksum) VALUES ($1, $2, $3)", [migration.version, migration.name, migration.checksum]);
      done.push(migration.version);
    }
    return done;
  });
}
