import { Hono, type Context } from "hono";
import { bodyLimit } from "hono/body-limit";
import { cors } from "hono/cors";
import { secureHeaders } from "hono/secure-headers";
import { timeout } from "hono/timeout";
import type { Assistant } from "./assistant.js";
import type { WriteAccess } from "./auth.js";
import { fixedHolder, isAssistantHolder, type AssistantHolder } from "./live/assistant-holder.js";
import type { DocumentLibrary } from "./live/document-library.js";
import { indexBoundHandler, indexingError } from "./live/index-bound.js";
import { documentRoutes } from "./routes/documents.js";
import { describeIndexRoutes, openApiRoute } from "./routes/openapi.js";
import { ApiError, errorResponse } from "./http-errors.js";
import type { ChatStreamOptions } from "./chat/chat-stream.js";
import { askRoutes } from "./routes/ask.js";
import { chatRoutes } from "./routes/chat.js";
import { uiRoutes } from "./routes/ui.js";
import { sourceRoutes } from "./routes/sources.js";
import { corpusFolderReader, hashCheckedMarkdownReader, type OriginalReader } from "./routes/source-file.js";
import { MAX_BODY_BYTES, MAX_CHAT_BODY_BYTES } from "./limits.js";
import { silentLogger, type Logger } from "./logger.js";
import { admission, type Saturation } from "./middleware/admission.js";
import { allowedHosts, hostAllowList } from "./middleware/host-allow-list.js";
import { requestLog } from "./middleware/request-log.js";
import { requestSignal } from "./middleware/request-signal.js";

export { MAX_BODY_BYTES, MAX_CHAT_BODY_BYTES };

export interface AppDependencies {
  /** The assistant, or a holder whose current assistant each request takes (a live index swaps it). */
  assistant: Assistant | AssistantHolder;
  /** The corpus as a document list with upload and delete (GET/POST/DELETE /documents). */
  documents?: { library: DocumentLibrary; access: WriteAccess; uploadMaxBytes: number };
  /** Origins allowed by CORS; none means CORS headers are never sent. */
  corsOrigins?: string[];
  /** Optional LLM that writes chat answers from the retrieved passages. */
  llm?: ChatStreamOptions["llm"];
  /** A request whose handler takes longer gets a 504 (a streamed chat answer is bounded by the LLM timeout). */
  requestTimeoutMs?: number;
  log?: (message: string, error?: unknown) => void;
  /** The corpus folder, for the rendered view of Markdown sources; without it they are shown from their passages. */
  corpusDir?: string;
  /** Where originals come from instead of the folder (the Postgres store keeps them, so every server renders them). */
  readOriginal?: OriginalReader;
  /** Every 4xx and 5xx is logged here as one structured line. */
  logger?: Logger;
  /** Hosts served besides the loopback names: the address listened on and ALLOWED_HOSTS. */
  hosts?: { listenHost?: string; extra?: string[] };
  /** The inference pool: questions are refused with 503 while its queue is full. */
  inference?: Saturation;
}

/** The HTTP application; it never listens (see main.ts), so tests drive it with `app.request()`. */
/**
 * Everything the pages load comes from this server: no inline script or style, no third party.
 * Documents open in a same-origin frame beside the chat, hence frame-src/frame-ancestors 'self'.
 */
export const CONTENT_SECURITY_POLICY = {
  defaultSrc: ["'self'"],
  scriptSrc: ["'self'"],
  styleSrc: ["'self'"],
  imgSrc: ["'self'", "data:"],
  connectSrc: ["'self'"],
  frameSrc: ["'self'"],
  frameAncestors: ["'self'"],
  objectSrc: ["'none'"],
  baseUri: ["'none'"],
  formAction: ["'self'"],
};

export function createApp({ assistant, documents, corsOrigins = [], llm, requestTimeoutMs = 20_000, log, corpusDir, readOriginal, logger = silentLogger, hosts = {}, inference }: AppDependencies) {
  const holder = isAssistantHolder(assistant) ? assistant : fixedHolder(assistant);
  const app = new Hono();
  const notFound = (context: Context) => context.json({ error: { code: "not_found", message: `No route for ${context.req.method} ${context.req.path}` } }, 404);

  // The routes that read the index, built once per index (see live/index-bound.ts); errors go to this app's onError.
  const indexRoutes = indexBoundHandler(holder, (current) => {
    const { corpus } = current;
    const originals = readOriginal ?? (corpusDir ? corpusFolderReader(corpusDir) : undefined);
    const readMarkdown = originals ? hashCheckedMarkdownReader({ fileHashes: corpus.manifest.corpus, readOriginal: originals }) : undefined;
    const { sources, passages: passageRoutes } = sourceRoutes(corpus, { readMarkdown });
    const routes = new Hono();
    routes.route("/ask", askRoutes(current));
    routes.route("/api/chat", chatRoutes({ assistant: current, llm, log }));
    routes.route("/sources", sources);
    routes.route("/passages", passageRoutes);
    routes.notFound(notFound);
    routes.onError((error) => {
      throw error;
    });
    return routes;
  });

  app.use("*", requestLog(logger));
  app.use("*", hostAllowList(allowedHosts(hosts)));
  app.use("*", secureHeaders({ contentSecurityPolicy: CONTENT_SECURITY_POLICY, xFrameOptions: "SAMEORIGIN" }));
  if (corsOrigins.length > 0) app.use("*", cors({ origin: corsOrigins }));
  app.use("*", timeout(requestTimeoutMs, () => new ApiError(504, "timeout", `The request took longer than ${requestTimeoutMs} ms`)));
  const limit = (maxSize: number) =>
    bodyLimit({
      maxSize,
      onError: () => {
        throw new ApiError(413, "payload_too_large", `The request body must be at most ${maxSize} bytes`);
      },
    });
  app.use("/api/chat", limit(MAX_CHAT_BODY_BYTES));
  // An upload may be UPLOAD_MAX_BYTES plus its multipart framing; the route checks the file itself.
  if (documents) app.post("/documents", limit(documents.uploadMaxBytes + 64 * 1024));
  app.use("*", async (context, next) => (context.req.path === "/api/chat" || (documents && context.req.path === "/documents" && context.req.method === "POST") ? next() : limit(MAX_BODY_BYTES)(context, next)));
  // A client that leaves, or a request past its deadline, drops its queued model work.
  app.use("*", requestSignal(requestTimeoutMs));
  if (inference) for (const path of ["/ask", "/api/chat"]) app.post(path, admission(inference));

  app.get("/health", describeIndexRoutes.health, (context) => {
    const current = holder.current();
    const indexing = holder.status();
    if (!current) return context.json({ status: "indexing", indexing }, 503, { "Retry-After": String(indexingError(holder).headers["Retry-After"]) });
    const { manifest } = current.corpus;
    return context.json({
      status: "ok",
      model: manifest.model.id,
      documents: manifest.counts.documents,
      paragraphs: manifest.counts.paragraphs,
      chunks: manifest.counts.chunks,
      answers: llm ? "llm" : "extractive",
      // Present only with an LLM: "ready", or "cooling-down" with retryAt after repeated failures.
      ...(llm ? { llm: llm.breaker.health() } : {}),
      indexing,
    });
  });
  app.post("/ask", describeIndexRoutes.ask, indexRoutes);
  app.post("/api/chat", describeIndexRoutes.chat, indexRoutes);
  app.get("/sources/:docId{.+}", describeIndexRoutes.source, indexRoutes);
  app.get("/passages/:id{.+}", describeIndexRoutes.passage, indexRoutes);
  for (const path of ["/ask", "/api/chat", "/sources/*", "/passages/*"]) app.all(path, describeIndexRoutes.hidden, indexRoutes);
  if (documents) app.route("/documents", documentRoutes({ ...documents, status: () => holder.status() }));
  app.get("/openapi.json", openApiRoute(app));
  app.route("/", uiRoutes());

  app.notFound(notFound);
  // The cause of a 500 is logged once, with its request's line (middleware/request-log.ts).
  app.onError((error, context) => errorResponse(error, context));
  return app;
}
