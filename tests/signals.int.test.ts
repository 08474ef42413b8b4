import { spawn, type ChildProcess } from "node:child_process";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";

const ROOT = path.resolve(import.meta.dirname, "..");

/**
 * A mock provider: an OpenAI-compatible endpoint that streams its answer slowly (no LLM can run
 * here), so chat answers are still streaming when the signal arrives.
 */
function slowLlm(): Promise<Server> {
  const server = createServer((request, response) => {
    request.resume();
    request.on("end", () => {
      response.writeHead(200, { "Content-Type": "text/event-stream" });
      const chunk = (delta: object, finish: string | null = null) =>
        `data: ${JSON.stringify({ id: "slow", object: "chat.completion.chunk", created: 0, model: "slow", choices: [{ index: 0, delta, finish_reason: finish }] })}\n\n`;
      let sent = 0;
      const timer = setInterval(() => {
        if (sent < 15) {
          response.write(chunk({ content: sent === 0 ? "The raid happened in 2015 " : "and more words " }));
          sent++;
          return;
        }
        clearInterval(timer);
        response.end(`${chunk({}, "stop")}data: [DONE]\n\n`);
      }, 100);
      response.on("close", () => clearInterval(timer));
    });
  });
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve(server)));
}

interface Started {
  npm: ChildProcess;
  baseUrl: string;
  output: () => string;
  exitCode: Promise<number | null>;
}

/** `npm start` in a process group of its own, as a terminal, systemd or a container runtime starts it. */
async function npmStart(environment: Record<string, string>): Promise<Started> {
  // Generous deadlines: on a loaded two-core runner one chat answer can take many seconds.
  const deadlines = { REQUEST_TIMEOUT_MS: "120000", SHUTDOWN_TIMEOUT_MS: "120000" };
  const npm = spawn("npm", ["start"], { cwd: ROOT, detached: true, env: { ...process.env, PORT: "0", HOST: "127.0.0.1", ...deadlines, ...environment }, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  npm.stdout?.on("data", (chunk) => (output += String(chunk)));
  npm.stderr?.on("data", (chunk) => (output += String(chunk)));
  const exitCode = new Promise<number | null>((resolve) => npm.on("exit", (code) => resolve(code)));
  const baseUrl = await new Promise<string>((resolve, reject) => {
    const check = () => {
      const match = /Open (http:\/\/[^\s/]+)\//.exec(output);
      if (match?.[1]) resolve(match[1]);
    };
    npm.stdout?.on("data", check);
    void exitCode.then((code) => reject(new Error(`npm start exited with ${code} before it was ready:\n${output}`)));
  });
  return { npm, baseUrl, output: () => output, exitCode };
}

function chat(baseUrl: string, question: string) {
  return fetch(`${baseUrl}/api/chat`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ messages: [{ id: "m1", role: "user", parts: [{ type: "text", text: question }] }] }),
  });
}

describe("signals to npm start (real server, model and index; a slow mock provider streams the answers)", () => {
  let llm: Server;
  let running: Started | undefined;

  beforeAll(async () => {
    llm = await slowLlm();
  });
  afterAll(async () => {
    await new Promise((resolve) => llm.close(resolve));
  });
  afterEach(() => {
    // Never leave a server behind, whatever the test did.
    try {
      if (running) process.kill(-(running.npm.pid as number), "SIGKILL");
    } catch {
      // The group has already exited.
    }
    running = undefined;
  });

  const llmEnvironment = () => ({ LLM_BASE_URL: `http://127.0.0.1:${(llm.address() as AddressInfo).port}/v1`, LLM_MODEL: "slow", LLM_TIMEOUT_MS: "60000" });

  for (const signal of ["SIGTERM", "SIGINT"] as const) {
    it(`drains every in-flight stream and exits 0 when the whole process group gets ${signal}`, async () => {
      running = await npmStart(llmEnvironment());
      const { npm, baseUrl } = running;
      const responses = await Promise.all(Array.from({ length: 8 }, (_, index) => chat(baseUrl, `When did the Nampala raid happen? (${index})`)));
      expect(responses.map((response) => response.status)).toEqual(responses.map(() => 200));
      // Every stream has started and none can have finished (the provider takes 1.5 s): signal the group, as Ctrl-C or `docker stop` do.
      process.kill(-(npm.pid as number), signal);
      const bodies = await Promise.all(responses.map((response) => response.text()));
      for (const body of bodies) expect(body.trimEnd().endsWith("data: [DONE]"), body.slice(-300)).toBe(true);
      // npm runs the server with `exec`, so npm's own exit status is the server's: 0 after a drain.
      expect(await running.exitCode).toBe(0);
      expect(running.output()).toMatch(new RegExp(`${signal}: finishing in-flight requests`));
      // The port is free again: nothing was orphaned.
      await expect(fetch(`${baseUrl}/health`)).rejects.toThrow();
    }, 400_000);
  }

  it("stops the server, not only npm, when SIGTERM is sent to npm alone", async () => {
    running = await npmStart({});
    const { npm, baseUrl } = running;
    expect((await fetch(`${baseUrl}/health`)).status).toBe(200);
    npm.kill("SIGTERM");
    expect(await running.exitCode).toBe(0);
    // npm relays the signal to the server; give it its drain time, then the port must be closed.
    const deadline = Date.now() + 15_000;
    let listening = true;
    while (listening && Date.now() < deadline) {
      listening = await fetch(`${baseUrl}/health`).then(
        () => true,
        () => false,
      );
      if (listening) await new Promise((resolve) => setTimeout(resolve, 200));
    }
    expect(listening).toBe(false);
  }, 400_000);
});
