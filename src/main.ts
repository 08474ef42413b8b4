import type { Server } from "node:http";
import { serve } from "@hono/node-server";
import { createApp } from "./app.js";
import { loadRuntime } from "./bootstrap.js";
import { createLlmModel } from "./chat/llm-model.js";
import { llmSettings } from "./chat/llm-settings.js";
import { parseConfig } from "./config.js";
import { installGracefulShutdown } from "./graceful-shutdown.js";

async function main(): Promise<void> {
  const config = parseConfig();
  const started = performance.now();
  const { assistant, embedder } = await loadRuntime(config, {
    log: (message) => console.log(message),
    onProgress: (progress) => {
      if (progress.stage === "parsed") console.log(`Indexing ${progress.documents} documents: ${progress.chunks} chunks, ${progress.sentences} sentences ...`);
      if (progress.stage === "written") console.log(`Index rebuilt in ${progress.seconds.toFixed(1)} s.`);
    },
  });
  const llm = config.llm ? llmSettings(createLlmModel(config.llm), config.llm) : undefined;
  // Every LLM failure and rejected answer is logged with its cause.
  const log = (message: string, error?: unknown) => (error === undefined ? console.error(message) : console.error(message, error));
  const app = createApp({ assistant, corsOrigins: config.corsOrigins, llm, requestTimeoutMs: config.requestTimeoutMs, corpusDir: config.corpusDir, log });
  const server = serve({ fetch: app.fetch, port: config.port, hostname: config.host }, (info) => {
    const { counts, model } = assistant.index.manifest;
    console.log(
      `Ready in ${Math.round(performance.now() - started)} ms: ${counts.documents} documents, ${counts.paragraphs} paragraphs, model ${model.id}. ` +
        `Open http://${info.address.includes(":") ? `[${info.address}]` : info.address}:${info.port}/`,
    );
  });

  installGracefulShutdown(server as Server, {
    onDone: async () => {
      await embedder.dispose();
      process.exit(0);
    },
  });
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
