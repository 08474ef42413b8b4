import { stat } from "node:fs/promises";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { startServerProcess, type ServerProcess } from "../src/server-process.js";

const ROOT = path.resolve(import.meta.dirname, "..");
const bundle = path.join(ROOT, ".build", "main.mjs");

describe("npm start's server bundle (scripts/start.mjs)", () => {
  let server: ServerProcess | undefined;
  afterEach(async () => {
    await server?.stop();
    server = undefined;
  });

  it("serves the page, its script and questions from the bundle, and reuses it while src/ is unchanged", async () => {
    server = await startServerProcess();
    const built = (await stat(bundle)).mtimeMs;
    for (const route of ["/", "/ui/chat.js", "/ui/chat.css"]) expect((await fetch(`${server.baseUrl}${route}`)).status, route).toBe(200);
    const answer = await fetch(`${server.baseUrl}/ask`, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ question: "When did the Mali War begin?" }) });
    expect(((await answer.json()) as { citations: unknown[] }).citations.length).toBeGreaterThan(0);
    await server.stop();

    server = await startServerProcess();
    expect((await stat(bundle)).mtimeMs).toBe(built);
    expect(server.output()).not.toContain("Running through tsx");
  });
});
