import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startServerProcess, type ServerProcess } from "../src/server-process.js";
import { startTestDatabase, type TestDatabase } from "./support/postgres-database.js";

const BRIDGE = `# Harbour Bridge of Velmora

The Harbour Bridge of Velmora was opened in 1931 by mayor Quentin Abernathy. It carries two tram lines across the Osk estuary.

## Repairs

The deck was rebuilt in 1987 after a storm damaged the northern span.
`;

/**
 * Two real server processes (`src/main.ts` as `npm start` runs it, real models) sharing one
 * database: PGlite served over the wire protocol by this test process. Server A imports and
 * watches a folder and answers from its snapshot; server B has WATCH=false, only reads, and answers
 * from SQL (PG_ANSWERING=sql). A document uploaded through A is answered by B.
 */
describe("two server processes on one Postgres store", () => {
  let database: TestDatabase;
  let root: string;
  let a: ServerProcess;
  let b: ServerProcess;

  beforeAll(async () => {
    database = await startTestDatabase();
    root = await mkdtemp(path.join(os.tmpdir(), "postgres-two-servers-"));
    await mkdir(path.join(root, "corpus"));
    await mkdir(path.join(root, "empty"));
    await writeFile(path.join(root, "corpus", "tram-lines.md"), "# Tram lines\n\nThe city runs eleven tram lines. Line 4 crosses the old town.\n");
    const common = { STORE: "postgres", DATABASE_URL: database.url, INFERENCE_THREADS: "1", LOG_LEVEL: "warn" };
    a = await startServerProcess({ env: { ...common, CORPUS_DIR: path.join(root, "corpus"), WATCH: "true" }, timeoutMs: 150_000 });
    b = await startServerProcess({ env: { ...common, CORPUS_DIR: path.join(root, "empty"), WATCH: "false", PG_ANSWERING: "sql" }, timeoutMs: 150_000 });
  }, 320_000);

  afterAll(async () => {
    await Promise.all([a?.stop(), b?.stop()]);
    await database?.close();
    await rm(root, { recursive: true, force: true });
  });

  it("answers on B a question about a document uploaded through A, within seconds", async () => {
    const form = new FormData();
    form.append("file", new File([BRIDGE], "velmora-bridge.md"));
    const uploaded = await fetch(`${a.baseUrl}/documents`, { method: "POST", body: form });
    expect(uploaded.status).toBe(201);
    const began = Date.now();
    let answer: { answer: string; citations: Array<{ docId: string }>; abstained: boolean } | undefined;
    while (Date.now() - began < 15_000) {
      const response = await fetch(`${b.baseUrl}/ask`, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ question: "When was the Harbour Bridge of Velmora opened?" }) });
      answer = (await response.json()) as typeof answer;
      if (answer?.citations.some((citation) => citation.docId === "velmora-bridge")) break;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    console.log(`B answered from A's upload ${Date.now() - began} ms after the upload returned: ${answer?.answer}`);
    expect(answer?.abstained).toBe(false);
    expect(answer?.citations.map((citation) => citation.docId)).toContain("velmora-bridge");
    expect(answer?.answer).toMatch(/1931/);
    // Answering from SQL reads the new rows at once; the document count follows with the next generation B sees (LISTEN, or the 2 s poll).
    const readHealth = async () => (await (await fetch(`${b.baseUrl}/health`)).json()) as { documents: number };
    const waited = Date.now();
    let health = await readHealth();
    while (health.documents !== 2 && Date.now() - waited < 5_000) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      health = await readHealth();
    }
    expect(health.documents).toBe(2);
    // B holds no passages: its source view and passage routes read the database.
    const source = (await (await fetch(`${b.baseUrl}/sources/velmora-bridge`, { headers: { Accept: "application/json" } })).json()) as { paragraphs: Array<{ text: string }> };
    expect(source.paragraphs.map((paragraph) => paragraph.text).join(" ")).toMatch(/rebuilt in 1987/);
  });
});
