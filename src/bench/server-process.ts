import { spawn, type ChildProcess } from "node:child_process";

export interface RunningServer {
  child: ChildProcess;
  baseUrl: string;
  /** Milliseconds from spawn to the first 200 from /health. */
  coldStartMs: number;
  stop(): Promise<void>;
}

/** Spawns the server as `npm start` runs it and polls /health until it answers 200. */
export async function startServerProcess(options: {
  root: string;
  port: number;
  env?: Record<string, string>;
  timeoutMs?: number;
  /** Modules loaded before the server (the bench's event-loop monitor). */
  preload?: string[];
}): Promise<RunningServer> {
  const { root, port, env = {}, timeoutMs = 180_000, preload = [] } = options;
  const began = performance.now();
  const child = spawn(process.execPath, ["--import", "tsx", ...preload.flatMap((module) => ["--import", module]), "src/main.ts"], {
    cwd: root,
    env: { ...process.env, PORT: String(port), HOST: "127.0.0.1", ...env },
    stdio: ["ignore", "ignore", "inherit"],
  });
  const baseUrl = `http://127.0.0.1:${port}`;
  let exited = false;
  child.on("exit", () => (exited = true));
  while (performance.now() - began < timeoutMs) {
    if (exited) throw new Error("the server exited during start-up");
    try {
      const response = await fetch(`${baseUrl}/health`);
      if (response.status === 200) {
        const coldStartMs = performance.now() - began;
        return {
          child,
          baseUrl,
          coldStartMs,
          stop: () =>
            new Promise((resolve) => {
              if (exited) return resolve();
              child.once("exit", () => resolve());
              child.kill("SIGTERM");
            }),
        };
      }
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  child.kill("SIGKILL");
  throw new Error(`the server was not healthy within ${timeoutMs} ms`);
}
