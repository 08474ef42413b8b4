import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { afterAll, beforeAll } from "vitest";

export interface ServerProcess {
  child: ChildProcess;
  baseUrl: string;
  output: () => string;
  /** Resolves with the exit code once the process has ended. */
  exited: Promise<number | null>;
}

const ROOT = path.resolve(import.meta.dirname, "../..");

/** Starts `src/main.ts` exactly as `npm start` does, on a free loopback port, and waits until it is ready. */
export async function startServer(environment: Record<string, string> = {}, { timeoutMs = 120_000 } = {}): Promise<ServerProcess> {
  const child = spawn(process.execPath, ["--import", "tsx", "src/main.ts"], {
    cwd: ROOT,
    env: { ...process.env, PORT: "0", HOST: "127.0.0.1", ...environment },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout?.on("data", (chunk) => (output += String(chunk)));
  child.stderr?.on("data", (chunk) => (output += String(chunk)));
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));

  const baseUrl = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server not ready after ${timeoutMs} ms:\n${output}`)), timeoutMs);
    const check = () => {
      const match = /Open (http:\/\/[^\s/]+)\//.exec(output);
      if (match?.[1]) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    };
    child.stdout?.on("data", check);
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code} before it was ready:\n${output}`));
    });
  });
  return { child, baseUrl, output: () => output, exited };
}

/** Starts the real server once for the enclosing describe block and kills it afterwards. */
export function useServer(): { readonly current: ServerProcess } {
  let server: ServerProcess | undefined;
  beforeAll(async () => {
    server = await startServer();
  }, 150_000);
  afterAll(() => {
    server?.child.kill("SIGKILL");
  });
  return {
    get current() {
      if (!server) throw new Error("the server is not started yet");
      return server;
    },
  };
}
