import { loadQuestionTagger } from "./answer/question-type.js";
import { createApp } from "./app.js";
import type { WriteAccess } from "./auth.js";
import { startLiveRuntime } from "./bootstrap.js";
import { createProgressReporter } from "./live/progress-reporter.js";
import { llmSettings } from "./chat/llm-settings.js";
import type { Config } from "./config.js";
import { exitOnceModelsStop, type Models } from "./models.js";
import { installGracefulShutdown } from "./graceful-shutdown.js";
import { startHttpServer, HTTP_SERVER_DEFAULTS } from "./http-server.js";
import { createLogger } from "./logger.js";
import { describeDatabase } from "./store/postgres/database.js";

/**
 * The server, once main.ts has read the configuration and started the models: the runtime (index,
 * watcher, documents), the app and the HTTP server, and the shutdown that ends them.
 */
export async function serve(config: Config, { models, access, started }: { models: Models; access: WriteAccess; started: number }): Promise<void> {
  const logger = createLogger({ level: config.serving.logLevel });
  const progress = createProgressReporter();
  const { live, documents, pool, started: firstLook, close, readOriginal } = startLiveRuntime(config, { log: (message) => console.log(message), onProgress: progress, models });
  firstLook.catch(() => {}); // reported once the server listens (below)
  if (config.store?.kind === "postgres") console.log(`Postgres store at ${describeDatabase(config.store.databaseUrl)} (${config.watch ? `importing and watching ${config.corpusDir}` : "WATCH=false: this server reads and takes uploads, another imports the folder"}).`);
  else console.log(`Index folder: ${config.indexDir} (corpus ${config.corpusDir}${config.watch ? ", watched for changes" : ""}).`);
  // The AI SDK's provider loads only when an LLM is configured.
  const llm = config.llm ? llmSettings((await import("./chat/llm-model.js")).createLlmModel(config.llm), config.llm) : undefined;
  // Every LLM failure and rejected answer is logged with its cause.
  const log = (message: string, error?: unknown) => logger.warn(error === undefined ? {} : { cause: error }, message);
  const app = createApp({ assistant: live.holder, documents: { library: documents, access, uploadMaxBytes: config.uploadMaxBytes }, corsOrigins: config.corsOrigins, llm, requestTimeoutMs: config.requestTimeoutMs, corpusDir: config.corpusDir, readOriginal, log,
    logger,
    hosts: { listenHost: config.host, extra: config.serving.allowedHosts },
    inference: pool,
  });
  /** Stops the runtime (the watcher, an index update waiting for the models) before the models, then exits 1. */
  const fail = async () => {
    await close().catch(() => {});
    await exitOnceModelsStop(models, 1, config.serving.shutdownTimeoutMs);
  };
  const serverOptions = { ...HTTP_SERVER_DEFAULTS, port: config.port, host: config.host, maxConnections: config.serving.maxConnections, logger };
  const server = startHttpServer(app.fetch, serverOptions, (info) => {
    const url = `http://${info.address.includes(":") ? `[${info.address}]` : info.address}:${info.port}/`;
    console.log(`Listening on ${url}; /health answers 503 with indexing progress until an index is loaded.`);
    // "Open …" is printed once questions can be answered (test harnesses wait for it).
    // Ready means answering at full speed: the index is served and every worker holds the models.
    void Promise.all([firstLook, models.loaded.catch(() => {})])
      .then(async () => {
        while (!live.holder.current()) await new Promise((resolve) => setTimeout(resolve, 100));
        loadQuestionTagger();
        const { counts, model } = live.manifest as NonNullable<typeof live.manifest>;
        console.log(`Ready in ${Math.round(performance.now() - started)} ms: ${counts.documents} documents, ${counts.paragraphs} paragraphs, model ${model.id}. Open ${url}`);
      })
      .catch((error: unknown) => {
        console.error(error instanceof Error ? error.message : error);
        void fail();
      });
  });

  // A port already taken (often a server still running) is a message and exit status 1, not a stack.
  server.once("error", (error: NodeJS.ErrnoException) => {
    const where = `${config.host}:${config.port}`;
    console.error(
      error.code === "EADDRINUSE" ? `Port ${where} is in use (another server still running?); stop it or set PORT.`
      : error.code === "EACCES" ? `Not allowed to listen on ${where}; choose another PORT.`
      : `Cannot listen on ${where}: ${error.message}`,
    );
    void fail();
  });

  installGracefulShutdown(server, {
    forceAfterMs: config.serving.shutdownTimeoutMs,
    onDone: async () => {
      await close();
      await exitOnceModelsStop(models, 0, config.serving.shutdownTimeoutMs);
    },
  });
}

