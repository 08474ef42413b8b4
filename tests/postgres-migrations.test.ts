import { mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type pg from "pg";
import { createPool } from "../src/store/postgres/database.js";
import { migrate, readMigrations } from "../src/store/postgres/migrate.js";
import { startTestDatabase, type TestDatabase } from "./support/postgres-database.js";

let database: TestDatabase;
let pools: pg.Pool[] = [];
const pool = () => {
  const created = createPool({ url: database.url, poolMax: 2 });
  pools.push(created);
  return created;
};

beforeEach(async () => {
  database = await startTestDatabase();
});
afterEach(async () => {
  await Promise.all(pools.map((created) => created.end()));
  pools = [];
  await database.close();
});

describe("schema migrations", () => {
  it("run once when several servers start together, and not again", async () => {
    const results = await Promise.all([pool(), pool(), pool(), pool()].map((each) => migrate(each)));
    const migrations = await readMigrations();
    // Exactly one of the concurrent starts applied each version; the others found nothing to do.
    expect(results.flat().sort()).toEqual(migrations.map((migration) => migration.version));
    expect(results.filter((applied) => applied.length > 0)).toHaveLength(1);
    const { rows } = await pool().query("SELECT version, name FROM schema_migrations ORDER BY version");
    expect(rows.map((row) => row.name)).toEqual(migrations.map((migration) => migration.name));
    expect(await migrate(pool())).toEqual([]);
  });

  it("create the pgvector HNSW index with cosine distance and the full-text index", async () => {
    await migrate(pool());
    const { rows } = await pool().query("SELECT indexname, indexdef FROM pg_indexes WHERE tablename IN ('chunks', 'passages') ORDER BY indexname");
    const definitions = Object.fromEntries(rows.map((row) => [row.indexname, row.indexdef]));
    expect(definitions.chunks_embedding).toMatch(/USING hnsw \(embedding vector_cosine_ops\)/);
    expect(definitions.passages_search).toMatch(/USING gin \(search\)/);
  });

  it("refuse a migration whose file changed after it was applied", async () => {
    const folder = await mkdtemp(path.join(os.tmpdir(), "migrations-"));
    try {
      await writeFile(path.join(folder, "001-first.sql"), "CREATE TABLE first_table (id integer);");
      await migrate(pool(), await readMigrations(folder));
      await writeFile(path.join(folder, "001-first.sql"), "CREATE TABLE first_table (id bigint);");
      await expect(migrate(pool(), await readMigrations(folder))).rejects.toThrow(/changed after it was applied/);
    } finally {
      await rm(folder, { recursive: true, force: true });
    }
  });

  it("roll back a migration that fails, leaving no version recorded", async () => {
    const folder = await mkdtemp(path.join(os.tmpdir(), "migrations-"));
    try {
      await writeFile(path.join(folder, "001-broken.sql"), "CREATE TABLE half_made (id integer); SELECT no_such_function();");
      await expect(migrate(pool(), await readMigrations(folder))).rejects.toThrow();
      const { rows } = await pool().query("SELECT to_regclass('half_made') AS table, to_regclass('schema_migrations') AS migrations");
      expect(rows[0]).toEqual({ table: null, migrations: null });
    } finally {
      await rm(folder, { recursive: true, force: true });
    }
  });
});
