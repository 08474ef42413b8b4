import { createApp } from "./app.js";
import { writeAccessFor } from "./auth.js";
import { startLiveRuntime } from "./bootstrap.js";
import { createProgressReporter } from "./live/progress-reporter.js";
import { createLlmModel } from "./chat/llm-model.js";
import { llmSettings } from "./chat/llm-settings.js";
import { parseConfig } from "./config.js";
import { installGracefulShutdown } from "./graceful-shutdown.js";
import { startHttpServer, HTTP_SERVER_DEFAULTS } from "./http-server.js";
import { createLogger } from "./logger.js";
import { describeDatabase } from "./store/postgres/database.js";

async function main(): Promise<void> {
  const config = parseConfig();
  const started = performance.now();
  const logger = createLogger({ level: config.serving.logLevel });
  // Refuses to start on a non-loopback HOST without API_TOKEN (or READ_ONLY=true).
  const access = writeAccessFor(config);
  const progress = createProgressReporter();
  const { live, documents, embedder, pool, started: firstLook, close, readOriginal } = startLiveRuntime(config, { log: (message) => console.log(message), onProgress: progress });
  firstLook.catch(() => {}); // reported once the server listens (below)
  if (config.store?.kind === "postgres") console.log(`Postgres store at ${describeDatabase(config.store.databaseUrl)} (${config.watch ? `importing and watching ${config.corpusDir}` : "WATCH=false: this server reads and takes uploads, another imports the folder"}).`);
  else console.log(`Index folder: ${config.indexDir} (corpus ${config.corpusDir}${config.watch ? ", watched for changes" : ""}).`);
  const llm = config.llm ? llmSettings(createLlmModel(config.llm), config.llm) : undefined;
  // Every LLM failure and rejected answer is logged with its cause.
  const log = (message: string, error?: unknown) => logger.warn(error === undefined ? {} : { cause: error }, message);
  const app = createApp({ assistant: live.holder, documents: { library: documents, access, uploadMaxBytes: config.uploadMaxBytes }, corsOrigins: config.corsOrigins, llm, requestTimeoutMs: config.requestTimeoutMs, corpusDir: config.corpusDir, readOriginal, log,
    logger,
    hosts: { listenHost: config.host, extra: config.serving.allowedHosts },
    inference: pool,
  });
  const serverOptions = { ...HTTP_SERVER_DEFAULTS, port: config.port, host: config.host, maxConnections: config.serving.maxConnections, logger };
  const server = startHttpServer(app.fetch, serverOptions, (info) => {
    const url = `http://${info.address.includes(":") ? `[${info.address}]` : info.address}:${info.port}/`;
    console.log(`Listening on ${url}; /health answers 503 with indexing progress until an index is loaded.`);
    // "Open …" is printed once questions can be answered (test harnesses wait for it).
    void firstLook
      .then(async () => {
        while (!live.holder.current()) await new Promise((resolve) => setTimeout(resolve, 100));
        const { counts, model } = live.manifest as NonNullable<typeof live.manifest>;
        console.log(`Ready in ${Math.round(performance.now() - started)} ms: ${counts.documents} documents, ${counts.paragraphs} paragraphs, model ${model.id}. Open ${url}`);
      })
      .catch((error: unknown) => {
        console.error(error instanceof Error ? error.message : error);
        process.exit(1);
      });
  });

  installGracefulShutdown(server, {
    forceAfterMs: config.serving.shutdownTimeoutMs,
    onDone: async () => {
      await close();
      await embedder.dispose();
      process.exit(0);
    },
  });
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
