import { cp, mkdtemp, rm, writeFile } from "node:fs/promises";
import { createServer } from "node:net";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startServer, useServer, type ServerProcess } from "./support/server-process.js";
import { startServerProcess } from "../src/server-process.js";

describe("the real server process on a loopback port", () => {
  const started = useServer();
  let server: ServerProcess;
  beforeAll(() => {
    server = started.current;
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

  it("finishes the requests in flight on SIGTERM, then exits 0", async () => {
    // Ten at once: each question is three model tasks, well inside the inference queue (beyond it, 503).
    const questions = Array.from({ length: 10 }, (_, index) => `What happened in Mali in ${2012 + (index % 12)}, question ${index}?`);
    let firstDone: () => void = () => {};
    const first = new Promise<void>((resolve) => (firstDone = resolve));
    const requests = questions.map(async (question) => {
      const response = await fetch(`${server.baseUrl}/ask`, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ question }) });
      firstDone();
      return response.status;
    });
    // Signal once the server has answered one request, while the others are still being worked on.
    await first;
    server.child.kill("SIGTERM");
    expect(await Promise.all(requests)).toEqual(questions.map(() => 200));
    expect(await server.exited).toBe(0);
    expect(server.output()).toMatch(/SIGTERM: finishing in-flight requests/);
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

  it("serves the index it has, saying it is stale and why, when automatic rebuilds are off", async () => {
    const server = await startServer({ CORPUS_DIR: path.join(workspace, "corpus"), INDEX_DIR: path.join(workspace, "index"), AUTO_REBUILD: "false", WATCH: "false" });
    try {
      expect(server.output()).toMatch(/extra-notes\.md.*AUTO_REBUILD=false: serving it as it is/s);
      const health = await (await fetch(`${server.baseUrl}/health`)).text();
      expect(health).toMatch(/AUTO_REBUILD=false/);
      expect((await fetch(`${server.baseUrl}/sources/extra-notes`, { headers: { Accept: "application/json" } })).status).toBe(404);
    } finally {
      server.child.kill("SIGKILL");
    }
  });

  it("rebuilds the index and then serves the new document when automatic rebuilds are on", async () => {
    const server = await startServer({ CORPUS_DIR: path.join(workspace, "corpus"), INDEX_DIR: path.join(workspace, "index"), WATCH: "false" }, { timeoutMs: 90_000 });
    try {
      expect(server.output()).toMatch(/Updating .* while the current index serves/);
      // The update runs beside the serving index; poll until it is swapped in.
      let response = await fetch(`${server.baseUrl}/sources/extra-notes`, { headers: { Accept: "application/json" } });
      for (let attempt = 0; response.status !== 200 && attempt < 180; attempt++) {
        await new Promise((resolve) => setTimeout(resolve, 500));
        response = await fetch(`${server.baseUrl}/sources/extra-notes`, { headers: { Accept: "application/json" } });
      }
      expect(response.status).toBe(200);
      expect(((await response.json()) as { title: string }).title).toBe("Extra notes");
    } finally {
      server.child.kill("SIGKILL");
    }
  }, 120_000);
});

describe("a start on a port that is taken", () => {
  it("exits 1 with a one-line reason instead of a stack", async () => {
    const holder = createServer();
    await new Promise<void>((resolve) => holder.listen(0, "127.0.0.1", resolve));
    const { port } = holder.address() as { port: number };
    try {
      const start = startServerProcess({ port, env: { WATCH: "false" }, timeoutMs: 60_000 });
      await expect(start).rejects.toThrow(new RegExp(`exited with 1 before it was ready:[\\s\\S]*Port 127\\.0\\.0\\.1:${port} is in use`));
      await expect(start).rejects.not.toThrow(/EADDRINUSE|at Server\.setupListenHandle/);
    } finally {
      holder.close();
    }
  });
});
