import { cp, mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startServer, type ServerProcess } from "./support/server-process.js";

describe("the real server process on a loopback port", () => {
  let server: ServerProcess;

  beforeAll(async () => {
    server = await startServer();
  }, 60_000);

  afterAll(() => {
    server?.child.kill("SIGKILL");
  });

  it("is healthy once it listens", async () => {
    const response = await fetch(`${server.baseUrl}/health`);
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ status: "ok" });
  });

  it("answers POST /ask over HTTP with cited paragraphs", async () => {
    const response = await fetch(`${server.baseUrl}/ask`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ question: "How many Malian soldiers were killed in the Nampala raid?" }),
    });
    expect(response.status).toBe(200);
    const body = (await response.json()) as { answer: string; citations: { id: string; docId: string }[] };
    expect(body.answer).toMatch(/\[1\]/);
    expect(body.citations[0]?.docId).toBe("nampala-raid-2015");
  });

  it("finishes an in-flight request on SIGTERM, then exits 0", async () => {
    const inFlight = fetch(`${server.baseUrl}/ask`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ question: "Who is Iyad Ag Ghaly?" }),
    });
    // Give the request time to reach the server before the signal.
    await new Promise((resolve) => setTimeout(resolve, 50));
    server.child.kill("SIGTERM");
    const response = await inFlight;
    expect(response.status).toBe(200);
    expect(await server.exited).toBe(0);
  });
});

describe("starting against an index that no longer matches the corpus", () => {
  let workspace: string;

  beforeAll(async () => {
    workspace = await mkdtemp(path.join(os.tmpdir(), "stale-index-"));
    await cp("corpus", path.join(workspace, "corpus"), { recursive: true });
    await cp("index", path.join(workspace, "index"), { recursive: true });
    await writeFile(path.join(workspace, "corpus", "extra-notes.md"), "# Extra notes\n\nA paragraph that the committed index has never seen.\n");
  });

  afterAll(async () => {
    await rm(workspace, { recursive: true, force: true });
  });

  it("refuses to serve, saying how to rebuild, when automatic rebuilds are off", async () => {
    const start = startServer({ CORPUS_DIR: path.join(workspace, "corpus"), INDEX_DIR: path.join(workspace, "index"), AUTO_REBUILD: "false" });
    await expect(start).rejects.toThrow(/stale.*added extra-notes\.md.*npm run index/s);
  });

  it("rebuilds the index and then serves the new document when automatic rebuilds are on", async () => {
    const server = await startServer({ CORPUS_DIR: path.join(workspace, "corpus"), INDEX_DIR: path.join(workspace, "index") }, { timeoutMs: 90_000 });
    try {
      expect(server.output()).toMatch(/Rebuilding/);
      const response = await fetch(`${server.baseUrl}/sources/extra-notes`, { headers: { Accept: "application/json" } });
      expect(response.status).toBe(200);
      expect(((await response.json()) as { title: string }).title).toBe("Extra notes");
    } finally {
      server.child.kill("SIGKILL");
    }
  }, 120_000);
});
