import { createApp } from "./app.js";
import { loadRuntime } from "./bootstrap.js";
import { createLlmModel } from "./chat/llm-model.js";
import { llmSettings } from "./chat/llm-settings.js";
import { parseConfig } from "./config.js";
import { installGracefulShutdown } from "./graceful-shutdown.js";
import { startHttpServer, HTTP_SERVER_DEFAULTS } from "./http-server.js";
import { createLogger } from "./logger.js";

async function main(): Promise<void> {
  const config = parseConfig();
  const started = performance.now();
  const logger = createLogger({ level: config.serving.logLevel });
  const { assistant, embedder, pool } = await loadRuntime(config, {
    log: (message) => console.log(message),
    onProgress: (progress) => {
      if (progress.stage === "parsed") console.log(`Indexing ${progress.documents} documents: ${progress.chunks} chunks, ${progress.sentences} sentences ...`);
      if (progress.stage === "written") console.log(`Index rebuilt in ${progress.seconds.toFixed(1)} s.`);
    },
  });
  const llm = config.llm ? llmSettings(createLlmModel(config.llm), config.llm) : undefined;
  // Every LLM failure and rejected answer is logged with its cause.
  const log = (message: string, error?: unknown) => logger.warn(error === undefined ? {} : { cause: error }, message);
  const app = createApp({ assistant, corsOrigins: config.corsOrigins, llm, requestTimeoutMs: config.requestTimeoutMs, corpusDir: config.corpusDir, log,
    logger,
    hosts: { listenHost: config.host, extra: config.serving.allowedHosts },
    inference: pool,
  });
  const serverOptions = { ...HTTP_SERVER_DEFAULTS, port: config.port, host: config.host, maxConnections: config.serving.maxConnections, logger };
  const server = startHttpServer(app.fetch, serverOptions, (info) => {
    const { counts, model } = assistant.index.manifest;
    console.log(
      `Ready in ${Math.round(performance.now() - started)} ms: ${counts.documents} documents, ${counts.paragraphs} paragraphs, model ${model.id}. ` +
        `Open http://${info.address.includes(":") ? `[${info.address}]` : info.address}:${info.port}/`,
    );
  });

  installGracefulShutdown(server, {
    forceAfterMs: config.serving.shutdownTimeoutMs,
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
