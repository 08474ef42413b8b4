import { mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import type pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startChangeFeed } from "../src/store/postgres/change-feed.js";
import { CHANGE_CHANNEL } from "../src/store/postgres/corpus-rows.js";
import { createPool } from "../src/store/postgres/database.js";
import { migrate, readMigrations } from "../src/store/postgres/migrate.js";

/**
 * What PGlite cannot show, on a real Postgres server: PGlite is one backend, so its advisory locks
 * never block and a NOTIFY reaches the connection that sent it, not the listener. Runs when
 * POSTGRES_TEST_URL names a server this test may create tables in (pgvector not needed), e.g.
 * POSTGRES_TEST_URL=postgres://postgres@127.0.0.1:5432/postgres npx vitest run tests/postgres-real-server.test.ts
 */
const url = process.env.POSTGRES_TEST_URL;

describe.skipIf(!url)("on a real Postgres server", () => {
  const pools: pg.Pool[] = [];
  let folder: string;
  const pool = () => {
    const created = createPool({ url: url as string, poolMax: 2 });
    pools.push(created);
    return created;
  };

  beforeAll(async () => {
    folder = await mkdtemp(path.join(os.tmpdir(), "real-migrations-"));
    // A schema without the vector extension, so any Postgres will do; a slow step widens the race.
    await writeFile(path.join(folder, "001-state.sql"), "SELECT pg_sleep(0.3); CREATE TABLE corpus_state (singleton boolean PRIMARY KEY DEFAULT true, generation bigint NOT NULL DEFAULT 0, model_id text, model_sha256 text, embedding_recipe text, chunk_size integer, chunk_overlap integer); INSERT INTO corpus_state DEFAULT VALUES;");
    await writeFile(path.join(folder, "002-more.sql"), "CREATE TABLE second_table (id integer);");
    await pool().query("DROP TABLE IF EXISTS corpus_state, second_table, schema_migrations");
  });
  afterAll(async () => {
    await pools[0]?.query("DROP TABLE IF EXISTS corpus_state, second_table, schema_migrations");
    await Promise.all(pools.map((created) => created.end()));
    await rm(folder, { recursive: true, force: true });
  });

  it("migrates once when four servers start together (they queue on the advisory lock)", async () => {
    const migrations = await readMigrations(folder);
    const results = await Promise.all([pool(), pool(), pool(), pool()].map((each) => migrate(each, migrations)));
    expect(results.flat().sort()).toEqual([1, 2]);
    expect(results.filter((applied) => applied.length > 0)).toHaveLength(1);
  });

  it("delivers a committed change to another connection's LISTEN at once, without the poll", async () => {
    const seen: number[] = [];
    const feed = startChangeFeed({ url: url as string, pool: pool(), pollMs: 60_000, onGeneration: (generation) => seen.push(generation), onReachability: () => {} });
    try {
      // The listener connects in the background; notify until it has heard one.
      const writer = pool();
      const began = Date.now();
      while (seen.length === 0 && Date.now() - began < 5_000) {
        await writer.query("SELECT pg_notify($1, '41')", [CHANGE_CHANNEL]);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      expect(seen[0]).toBe(41);
      // Delivered only when the writing transaction commits.
      const client = await writer.connect();
      await client.query("BEGIN");
      await client.query("SELECT pg_notify($1, '42')", [CHANGE_CHANNEL]);
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(seen).not.toContain(42);
      await client.query("COMMIT");
      client.release();
      const committed = Date.now();
      while (!seen.includes(42) && Date.now() - committed < 2_000) await new Promise((resolve) => setTimeout(resolve, 10));
      expect(seen).toContain(42);
    } finally {
      await feed.close();
    }
  });
});
