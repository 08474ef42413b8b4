import { afterAll, beforeAll } from "vitest";
import { startServerProcess, type ServerProcess } from "../../src/server-process.js";

export type { ServerProcess };

/** Starts `src/main.ts` exactly as `npm start` does, on a free loopback port, and waits until it is ready. */
export function startServer(environment: Record<string, string> = {}, { timeoutMs = 120_000 } = {}): Promise<ServerProcess> {
  return startServerProcess({ env: environment, timeoutMs });
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
