import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import type pg from "pg";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createApp } from "../src/app.js";
import { createAssistant } from "../src/assistant.js";
import { writeAccessFor } from "../src/auth.js";
import { createPool } from "../src/store/postgres/database.js";
import { databaseOriginalReader } from "../src/store/postgres/originals.js";
import { PostgresDocumentLibrary } from "../src/store/postgres/postgres-library.js";
import { PostgresLiveIndex } from "../src/store/postgres/postgres-live-index.js";
import { PaddedFakeEmbedder, startTestDatabase, type TestDatabase } from "./support/postgres-database.js";

const model = { id: "fake", file: "onnx/model_quantized.onnx", sha256: "0".repeat(64) };
const doc = (title: string, words: string) => `# ${title}\n\n${title} ${words}. It is described here.\n\n## More\n${title} has more ${words}.\n`;
const access = writeAccessFor({ host: "127.0.0.1", readOnly: false });

let root: string;
let closers: Array<() => Promise<void>> = [];

beforeEach(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), "postgres-servers-"));
});
afterEach(async () => {
  for (const close of closers.reverse()) await close();
  closers = [];
  await rm(root, { recursive: true, force: true });
});

/** One server as main.ts wires it on the Postgres store: a pool, the live snapshot, the document API. */
function server(url: string, { corpusDir, connectTimeoutMs }: { corpusDir?: string; connectTimeoutMs?: number } = {}) {
  const pool: pg.Pool = createPool({ url, poolMax: 4, connectTimeoutMs });
  const embedder = new PaddedFakeEmbedder();
  const live = new PostgresLiveIndex({ pool, databaseUrl: url, modelsDir: "models", modelId: "fake", model, embedder, createAssistant: (index) => createAssistant({ index, embedder }), corpusDir, pollMs: 200, connectTimeoutMs });
  const library = new PostgresDocumentLibrary({ pool, databaseUrl: url, live, embedder, corpusDir });
  const app = createApp({ assistant: live.holder, documents: { library, access, uploadMaxBytes: 1024 * 1024 }, readOriginal: databaseOriginalReader(pool) });
  closers.push(async () => {
    await live.close();
    await pool.end();
  });
  return { live, app, pool };
}

async function within<T>(ms: number, probe: () => Promise<T | undefined>): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`not within ${ms} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

const upload = (name: string, body: string) => {
  const form = new FormData();
  form.append("file", new File([body], name));
  return { method: "POST", body: form };
};

describe("servers sharing one database", () => {
  let database: TestDatabase;
  beforeEach(async () => {
    database = await startTestDatabase();
    closers.push(() => database.close());
  });

  it("an upload through one server is answerable on the other within seconds, and a delete leaves both", async () => {
    const corpusDir = path.join(root, "corpus");
    await mkdir(corpusDir);
    await writeFile(path.join(corpusDir, "alpha.md"), doc("alpha", "river delta"));
    // Started together: both migrate (once), the first imports its folder, the second only reads.
    const a = server(database.url, { corpusDir });
    const b = server(database.url);
    await Promise.all([a.live.start(), b.live.start()]);
    await a.live.whenIdle();
    await within(10_000, async () => b.live.holder.current()?.corpus.manifest.documents.find((record) => record.id === "alpha"));

    const response = await a.app.request("/documents", upload("delta.md", `${doc("delta", "harbour crane")}\nThe **tide gauge** reads the water.\n`));
    expect(response.status).toBe(201);
    expect(await response.json()).toMatchObject({ id: "delta", status: "indexed" });
    const uploadedAt = Date.now();
    const source = await within(10_000, async () => {
      const view = await b.app.request("/sources/delta", { headers: { Accept: "application/json" } });
      return view.status === 200 ? view : undefined;
    });
    const visibleAfterMs = Date.now() - uploadedAt;
    console.log(`upload on A visible on B after ${visibleAfterMs} ms`);
    expect(visibleAfterMs).toBeLessThan(10_000);
    expect(JSON.stringify(await source.json())).toMatch(/harbour crane/);
    // B has no folder: its source view is rendered from the original the database keeps (Markdown
    // emphasis becomes <strong>), not rebuilt from the passages.
    expect(await (await b.app.request("/sources/delta")).text()).toContain("<strong>tide gauge</strong>");
    const retrieved = await b.live.holder.current()?.retrieve("harbour crane");
    expect(retrieved?.paragraphIds.some((id) => id.startsWith("delta/"))).toBe(true);
    const listed = (await (await b.app.request("/documents")).json()) as { documents: Array<{ id: string; status: string }> };
    expect(listed.documents.map((entry) => [entry.id, entry.status])).toEqual([["alpha", "indexed"], ["delta", "indexed"]]);

    expect((await b.app.request("/documents/delta", { method: "DELETE" })).status).toBe(200);
    await within(10_000, async () => ((await a.app.request("/sources/delta")).status === 404 ? true : undefined));
  });
});

describe("a database that goes away", () => {
  it("keeps answering from the last snapshot, says so in /health, and gives 503 for what needs the database", async () => {
    const database = await startTestDatabase();
    const corpusDir = path.join(root, "corpus");
    await mkdir(corpusDir);
    await writeFile(path.join(corpusDir, "alpha.md"), doc("alpha", "river delta"));
    const { live, app } = server(database.url, { corpusDir, connectTimeoutMs: 500 });
    await live.start();
    await live.whenIdle();
    expect(live.holder.current()).toBeDefined();
    await database.close();
    await within(5_000, async () => (live.holder.status().warnings.some((warning) => /unreachable/.test(warning)) ? true : undefined));
    const began = Date.now();
    const health = await app.request("/health");
    expect(health.status).toBe(200);
    expect(JSON.stringify(await health.json())).toMatch(/is unreachable .*the last loaded corpus keeps answering/);
    const passage = live.index?.passages.data.paragraphs[0]?.id as string;
    expect((await app.request(`/passages/${passage}`)).status).toBe(200);
    const answered = await live.holder.current()?.retrieve("river delta");
    expect(answered?.paragraphIds).toContain(passage);
    const documents = await app.request("/documents");
    expect(documents.status).toBe(503);
    expect(Date.now() - began).toBeLessThan(5_000);
  });
});

describe("an unreachable database", () => {
  it("says so in /health, and requests get 503 at once instead of hanging", async () => {
    // Nothing listens on port 1: every connection is refused.
    const { live, app } = server("postgres://postgres@127.0.0.1:1/postgres", { connectTimeoutMs: 500 });
    await live.start();
    const began = Date.now();
    const health = await app.request("/health");
    expect(health.status).toBe(503);
    expect(JSON.stringify(await health.json())).toMatch(/database 127\.0\.0\.1:1\/postgres is unreachable/);
    const documents = await app.request("/documents");
    expect(documents.status).toBe(503);
    expect(await documents.json()).toMatchObject({ error: { code: "database_unavailable" } });
    const ask = await app.request("/ask", { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ question: "Where is the river?" }) });
    expect(ask.status).toBe(503);
    expect(Date.now() - began).toBeLessThan(5_000);
  });
});
