import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";

/** A server started as a child process (the app as `npm start` runs it, or a test's model server). */
export interface ServerProcess {
  child: ChildProcess;
  baseUrl: string;
  /** Milliseconds from spawn until the server was ready (its ready line, then a 200 from the health path if any). */
  coldStartMs: number;
  /** What it printed so far (stdout and stderr, the latest OUTPUT_LIMIT characters). */
  output(): string;
  /** Resolves with the exit code once the process has ended. */
  exited: Promise<number | null>;
  /** SIGTERM, then resolves once the process has exited. */
  stop(): Promise<void>;
}

export interface ServerProcessOptions {
  /** The repository root; the script and preloads are resolved from it. */
  root?: string;
  /** The entry file: `scripts/start.mjs` (what `npm start` runs) by default; a `.ts` file runs with tsx. */
  script?: string;
  args?: string[];
  /** 0 (the default) lets the OS pick a free port; the ready line says which. */
  port?: number;
  env?: Record<string, string>;
  /** Modules loaded before the script (the bench's event-loop monitor). */
  preload?: string[];
  timeoutMs?: number;
  /** The line that says the server can answer; its first group is the base URL. */
  ready?: RegExp;
  /** Polled after the ready line until it answers 200 (undefined: the ready line is enough). */
  healthPath?: string;
  /** Copies the child's stderr to this process's stderr as well (the bench shows errors as they come). */
  echo?: boolean;
}

const ROOT = path.resolve(import.meta.dirname, "..");
/** The app (`src/main.ts`, bundled by `scripts/start.mjs`) prints "… Open http://host:port/" once questions can be answered. */
export const APP_READY_LINE = /Open (http:\/\/[^\s/]+)\//;
const OUTPUT_LIMIT = 1_000_000;
const APP_SCRIPT = "scripts/start.mjs";

async function waitForHealth(url: string, deadline: number, exited: () => boolean): Promise<void> {
  while (performance.now() < deadline && !exited()) {
    try {
      if ((await fetch(url)).status === 200) return;
    } catch {
      // Not answering yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error(`${url} did not answer 200 in time`);
}

/**
 * Spawns a server script and waits until it is ready: the one way tests and the bench start a
 * server process. By default that is the app exactly as `npm start` runs it (`scripts/start.mjs`),
 * on a free loopback port, ready once it prints its "Open <url>" line and `/health` answers 200.
 * TypeScript scripts and preloads run through tsx.
 */
export async function startServerProcess(options: ServerProcessOptions = {}): Promise<ServerProcess> {
  const { root = ROOT, script = APP_SCRIPT, args = [], port = 0, env = {}, preload = [], timeoutMs = 180_000, ready = APP_READY_LINE, echo = false } = options;
  const healthPath = "healthPath" in options ? options.healthPath : script === APP_SCRIPT || script === "src/main.ts" ? "/health" : undefined;
  const typescript = [script, ...preload].some((file) => file.endsWith(".ts"));
  const began = performance.now();
  const child = spawn(process.execPath, [...(typescript ? ["--import", "tsx"] : []), ...preload.flatMap((module) => ["--import", module]), script, ...args], {
    cwd: root,
    env: { ...process.env, PORT: String(port), HOST: "127.0.0.1", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  let hasExited = false;
  const collect = (chunk: Buffer) => (output = (output + String(chunk)).slice(-OUTPUT_LIMIT));
  child.stdout?.on("data", collect);
  child.stderr?.on("data", collect);
  if (echo) child.stderr?.on("data", (chunk: Buffer) => process.stderr.write(chunk));
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => ((hasExited = true), resolve(code))));
  const stop = () => (hasExited ? Promise.resolve() : new Promise<void>((resolve) => (child.once("exit", () => resolve()), child.kill("SIGTERM"))));

  try {
    const baseUrl = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`${script} not ready after ${timeoutMs} ms:\n${output}`)), timeoutMs);
      const check = () => {
        const match = ready.exec(output);
        if (match?.[1]) {
          clearTimeout(timer);
          resolve(match[1]);
        }
      };
      child.stdout?.on("data", check);
      child.stderr?.on("data", check);
      void exited.then((code) => {
        clearTimeout(timer);
        reject(new Error(`${script} exited with ${code} before it was ready:\n${output}`));
      });
    });
    if (healthPath) await waitForHealth(`${baseUrl}${healthPath}`, began + timeoutMs, () => hasExited);
    return { child, baseUrl, coldStartMs: performance.now() - began, output: () => output, exited, stop };
  } catch (error) {
    child.kill("SIGKILL");
    throw error;
  }
}
