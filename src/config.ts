import path from "node:path";
import { z } from "zod";
import { DEFAULT_CACHE_BYTES } from "./embed/cached-embedder.js";
import { HTTP_SERVER_DEFAULTS } from "./http-server.js";
import { DEFAULT_MAX_QUEUE, defaultThreadCount } from "./inference/inference-pool.js";
import { LLM_DEFAULTS } from "./chat/llm-settings.js";

const flag = z
  .enum(["true", "false", "1", "0", "yes", "no"])
  .transform((value) => value === "true" || value === "1" || value === "yes");

const configSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default("127.0.0.1"),
  CORPUS_DIR: z.string().min(1).default("corpus"),
  INDEX_DIR: z.string().min(1).default("index"),
  /** Corpus files larger than this many bytes are skipped as too large (default 50 MB). */
  MAX_FILE_BYTES: z.coerce.number().int().min(1).default(50 * 1024 * 1024),
  MODELS_DIR: z.string().min(1).default("models"),
  EMBEDDING_MODEL: z.string().regex(/^[\w.-]+$/, "a folder name under MODELS_DIR").default("all-MiniLM-L6-v2"),
  /** Rebuild a missing, corrupt or stale index at start instead of refusing to serve. */
  AUTO_REBUILD: flag.default(true),
  /** Off unless set: the product runs offline and never fetches models. */
  ALLOW_REMOTE_MODELS: flag.default(false),
  REQUEST_TIMEOUT_MS: z.coerce.number().int().min(100).max(600_000).default(20_000),
  /** Comma-separated origins allowed by CORS; CORS is off when unset. */
  CORS_ORIGINS: z.string().optional(),
  /** Comma-separated Host names served besides the loopback names (and HOST when it is a specific address); `*` serves any. */
  ALLOWED_HOSTS: z.string().optional(),
  /** Open connections at most; more are refused. */
  MAX_CONNECTIONS: z.coerce.number().int().min(1).max(100_000).default(HTTP_SERVER_DEFAULTS.maxConnections),
  /** Worker threads that run the models; default one per core. */
  INFERENCE_THREADS: z.coerce.number().int().min(1).max(64).optional(),
  /** ONNX intra-op threads in each worker; 1 measured best on 2 cores (README, "Speed"). */
  INFERENCE_THREADS_PER_WORKER: z.coerce.number().int().min(1).max(64).default(1),
  /** Model tasks that may wait for a worker before new questions get 503 with Retry-After. */
  INFERENCE_QUEUE: z.coerce.number().int().min(0).max(100_000).default(DEFAULT_MAX_QUEUE),
  /** Bytes of question embeddings kept for repeated questions; 0 turns the cache off. */
  QUERY_CACHE_BYTES: z.coerce.number().int().min(0).max(2 ** 32).default(DEFAULT_CACHE_BYTES),
  /** On SIGTERM/SIGINT, in-flight requests and streams get this long to finish before the process exits anyway. */
  SHUTDOWN_TIMEOUT_MS: z.coerce.number().int().min(0).max(3_600_000).default(10_000),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  LLM_BASE_URL: z.url().optional(),
  LLM_API_KEY: z.string().optional(),
  LLM_MODEL: z.string().optional(),
  LLM_TIMEOUT_MS: z.coerce.number().int().min(100).max(600_000).default(LLM_DEFAULTS.timeoutMs),
  /** Until the first token and between tokens; an endpoint that accepts but never answers is left this soon. */
  LLM_FIRST_TOKEN_TIMEOUT_MS: z.coerce.number().int().min(100).max(600_000).default(LLM_DEFAULTS.firstTokenTimeoutMs),
  LLM_MAX_TOKENS: z.coerce.number().int().min(16).max(32_768).default(LLM_DEFAULTS.maxOutputTokens),
  /** The model's context window; passages are dropped or cut so the prompt fits beside LLM_MAX_TOKENS. */
  LLM_CONTEXT_TOKENS: z.coerce.number().int().min(256).max(1_048_576).default(LLM_DEFAULTS.contextTokens),
  /** Failures in a row after which the LLM is skipped for LLM_COOLDOWN_MS. */
  LLM_FAILURES_BEFORE_COOLDOWN: z.coerce.number().int().min(1).max(100).default(LLM_DEFAULTS.failureThreshold),
  LLM_COOLDOWN_MS: z.coerce.number().int().min(0).max(86_400_000).default(LLM_DEFAULTS.coolDownMs),
});

export interface Config {
  port: number;
  host: string;
  corpusDir: string;
  indexDir: string;
  maxFileBytes: number;
  modelsDir: string;
  embeddingModel: string;
  autoRebuild: boolean;
  allowRemoteModels: boolean;
  requestTimeoutMs: number;
  corsOrigins: string[];
  /** Hosting limits: who may be served, how many at once, how models are run (issue "Never blocked"). */
  serving: {
    allowedHosts: string[];
    maxConnections: number;
    inferenceThreads: number;
    threadsPerWorker: number;
    inferenceQueue: number;
    queryCacheBytes: number;
    logLevel: string;
    shutdownTimeoutMs: number;
  };
  llm?: {
    baseURL: string;
    apiKey?: string;
    model: string;
    timeoutMs: number;
    firstTokenTimeoutMs: number;
    maxOutputTokens: number;
    contextTokens: number;
    failureThreshold: number;
    coolDownMs: number;
  };
}

export class ConfigError extends Error {
  override name = "ConfigError";
}

/** Reads configuration from environment variables; throws ConfigError naming every bad variable. */
export function parseConfig(environment: Record<string, string | undefined> = process.env, root = process.cwd()): Config {
  // An empty variable means "not set", as in most shells' `VAR= npm start`.
  const present = Object.fromEntries(Object.entries(environment).filter(([, value]) => value !== undefined && value !== ""));
  const parsed = configSchema.safeParse(present);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`);
    throw new ConfigError(`Invalid configuration: ${problems.join("; ")}`);
  }
  const env = parsed.data;
  if ((env.LLM_BASE_URL === undefined) !== (env.LLM_MODEL === undefined)) {
    throw new ConfigError("Invalid configuration: LLM_BASE_URL and LLM_MODEL must be set together");
  }
  return {
    port: env.PORT,
    host: env.HOST,
    corpusDir: path.resolve(root, env.CORPUS_DIR),
    indexDir: path.resolve(root, env.INDEX_DIR),
    maxFileBytes: env.MAX_FILE_BYTES,
    modelsDir: path.resolve(root, env.MODELS_DIR),
    embeddingModel: env.EMBEDDING_MODEL,
    autoRebuild: env.AUTO_REBUILD,
    allowRemoteModels: env.ALLOW_REMOTE_MODELS,
    requestTimeoutMs: env.REQUEST_TIMEOUT_MS,
    corsOrigins: env.CORS_ORIGINS?.split(",").map((origin) => origin.trim()).filter(Boolean) ?? [],
    serving: {
      allowedHosts: env.ALLOWED_HOSTS?.split(",").map((host) => host.trim()).filter(Boolean) ?? [],
      maxConnections: env.MAX_CONNECTIONS,
      inferenceThreads: env.INFERENCE_THREADS ?? defaultThreadCount(),
      threadsPerWorker: env.INFERENCE_THREADS_PER_WORKER,
      inferenceQueue: env.INFERENCE_QUEUE,
      queryCacheBytes: env.QUERY_CACHE_BYTES,
      logLevel: env.LOG_LEVEL,
      shutdownTimeoutMs: env.SHUTDOWN_TIMEOUT_MS,
    },
    ...(env.LLM_BASE_URL && env.LLM_MODEL
      ? {
          llm: {
            baseURL: env.LLM_BASE_URL,
            apiKey: env.LLM_API_KEY,
            model: env.LLM_MODEL,
            timeoutMs: env.LLM_TIMEOUT_MS,
            firstTokenTimeoutMs: env.LLM_FIRST_TOKEN_TIMEOUT_MS,
            maxOutputTokens: env.LLM_MAX_TOKENS,
            contextTokens: env.LLM_CONTEXT_TOKENS,
            failureThreshold: env.LLM_FAILURES_BEFORE_COOLDOWN,
            coolDownMs: env.LLM_COOLDOWN_MS,
          },
        }
      : {}),
  };
}
