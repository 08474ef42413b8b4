import os from "node:os";
import path from "node:path";
import { z } from "zod";
import { LLM_DEFAULTS } from "./chat/llm-settings.js";
import { sha256 } from "./corpus/sha256.js";
import { DEFAULT_CACHE_BYTES } from "./embed/cached-embedder.js";
import { HTTP_SERVER_DEFAULTS } from "./http-server.js";
import { DEFAULT_MAX_QUEUE, defaultThreadCount } from "./inference/inference-pool.js";

const flag = z
  .enum(["true", "false", "1", "0", "yes", "no"])
  .transform((value) => value === "true" || value === "1" || value === "yes");

const configSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default("127.0.0.1"),
  CORPUS_DIR: z.string().min(1).default("corpus"),
  /** Unset: `index` for the default corpus, a folder of its own under the user cache for any other (see defaultIndexDir). */
  INDEX_DIR: z.string().min(1).optional(),
  /** Corpus files larger than this many bytes are skipped as too large (default 50 MB). */
  MAX_FILE_BYTES: z.coerce.number().int().min(1).default(50 * 1024 * 1024),
  MODELS_DIR: z.string().min(1).default("models"),
  EMBEDDING_MODEL: z.string().regex(/^[\w.-]+$/, "a folder name under MODELS_DIR").default("all-MiniLM-L6-v2"),
  /** The trained answer verifier (models/README.md); ANSWER_MODE=heuristic answers without it. */
  VERIFIER_MODEL: z.string().regex(/^[\w.-]+$/, "a folder name under MODELS_DIR").default("answer-verifier"),
  ANSWER_MODE: z.enum(["verifier", "heuristic"]).default("verifier"),
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
  /** Watch CORPUS_DIR and update the index when files change. */
  WATCH: flag.default(true),
  /** Required for writes (upload, delete) when HOST is not a loopback address. */
  API_TOKEN: z.string().min(16, "at least 16 characters").optional(),
  /** Turns every write route off. */
  READ_ONLY: flag.default(false),
  UPLOAD_MAX_BYTES: z.coerce.number().int().min(1).max(2 ** 31).default(20 * 1024 * 1024),
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
  /** Where the corpus lives: `file` (index folder, the default) or `postgres` (DATABASE_URL, shared by several servers). */
  STORE: z.enum(["file", "postgres"]).default("file"),
  DATABASE_URL: z.string().regex(/^postgres(ql)?:\/\//, "a postgres:// URL").optional(),
  /** Statements (and waits for a connection) longer than this fail, so a stuck database never hangs a request. */
  DATABASE_STATEMENT_TIMEOUT_MS: z.coerce.number().int().min(100).max(600_000).default(15_000),
  DATABASE_POOL_MAX: z.coerce.number().int().min(1).max(1_000).default(10),
  /** With STORE=postgres: answer from an in-memory snapshot of the database (`snapshot`) or from SQL per question (`sql`). */
  PG_ANSWERING: z.enum(["snapshot", "sql"]).default("snapshot"),
});

export interface Config {
  port: number;
  host: string;
  corpusDir: string;
  indexDir: string;
  maxFileBytes: number;
  modelsDir: string;
  embeddingModel: string;
  verifierModel: string;
  answerMode: "verifier" | "heuristic";
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
  watch: boolean;
  apiToken?: string;
  readOnly: boolean;
  uploadMaxBytes: number;
  /** The file store (default), or the Postgres store with its connection settings. */
  store?: { kind: "file" } | { kind: "postgres"; databaseUrl: string; statementTimeoutMs: number; poolMax: number; answering: "snapshot" | "sql" };
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

/**
 * The repository's `index/` belongs to its `corpus/`. Any other corpus without INDEX_DIR gets a
 * folder of its own under the user cache (`$XDG_CACHE_HOME` or `~/.cache`), named after the corpus
 * folder and a hash of its absolute path, so it never overwrites the committed demo index.
 */
export function defaultIndexDir(corpusDir: string, root: string, environment: Record<string, string | undefined> = process.env): string {
  if (corpusDir === path.resolve(root, "corpus")) return path.resolve(root, "index");
  const cache = environment.XDG_CACHE_HOME || path.join(os.homedir(), ".cache");
  const name = path.basename(corpusDir).replace(/[^\w.-]+/g, "-").slice(0, 40) || "corpus";
  return path.join(cache, "cited-docs-chat", "indexes", `${name}-${sha256(corpusDir).slice(0, 12)}`);
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
  if (env.STORE === "postgres" && !env.DATABASE_URL) throw new ConfigError("Invalid configuration: STORE=postgres needs DATABASE_URL");
  return {
    port: env.PORT,
    host: env.HOST,
    corpusDir: path.resolve(root, env.CORPUS_DIR),
    indexDir: env.INDEX_DIR ? path.resolve(root, env.INDEX_DIR) : defaultIndexDir(path.resolve(root, env.CORPUS_DIR), root, environment),
    maxFileBytes: env.MAX_FILE_BYTES,
    modelsDir: path.resolve(root, env.MODELS_DIR),
    embeddingModel: env.EMBEDDING_MODEL,
    verifierModel: env.VERIFIER_MODEL,
    answerMode: env.ANSWER_MODE,
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
    watch: env.WATCH,
    ...(env.API_TOKEN ? { apiToken: env.API_TOKEN } : {}),
    readOnly: env.READ_ONLY,
    uploadMaxBytes: env.UPLOAD_MAX_BYTES,
    store: env.STORE === "postgres" && env.DATABASE_URL ? { kind: "postgres", databaseUrl: env.DATABASE_URL, statementTimeoutMs: env.DATABASE_STATEMENT_TIMEOUT_MS, poolMax: env.DATABASE_POOL_MAX, answering: env.PG_ANSWERING } : { kind: "file" },
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
