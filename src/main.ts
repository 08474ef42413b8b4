import { serve } from "@hono/node-server";
import { createApp } from "./app.js";
import { loadRuntime } from "./bootstrap.js";
import { createLlmModel } from "./chat/llm-model.js";
import { parseConfig } from "./config.js";

async function main(): Promise<void> {
  const config = parseConfig();
  const started = performance.now();
  const { assistant, embedder } = await loadRuntime(config, { log: (message) => console.log(message) });
  const llm = config.llm ? { model: createLlmModel(config.llm), timeoutMs: config.llm.timeoutMs } : undefined;
  const app = createApp({ assistant, corsOrigins: config.corsOrigins, llm });
  const server = serve({ fetch: app.fetch, port: config.port, hostname: config.host }, (info) => {
    const { counts, model } = assistant.index.manifest;
    console.log(
      `Ready in ${Math.round(performance.now() - started)} ms: ${counts.documents} documents, ${counts.paragraphs} paragraphs, model ${model.id}. ` +
        `Open http://${info.address.includes(":") ? `[${info.address}]` : info.address}:${info.port}/`,
    );
  });

  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`${signal}: finishing in-flight requests, then exiting.`);
    // close() stops accepting connections and calls back once the open ones have finished.
    server.close(async () => {
      await embedder.dispose();
      process.exit(0);
    });
    if ("closeIdleConnections" in server) server.closeIdleConnections();
    setTimeout(() => process.exit(1), 10_000).unref();
  };
  process.on("SIGTERM", () => shutdown("SIGTERM"));
  process.on("SIGINT", () => shutdown("SIGINT"));
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
