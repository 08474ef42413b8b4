import { Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import { cors } from "hono/cors";
import type { Assistant } from "./assistant.js";
import { ApiError, errorResponse } from "./http-errors.js";
import type { ChatStreamOptions } from "./chat/chat-stream.js";
import { askRoutes } from "./routes/ask.js";
import { chatRoutes } from "./routes/chat.js";
import { uiRoutes } from "./routes/ui.js";
import { sourceRoutes } from "./routes/sources.js";

export const MAX_BODY_BYTES = 64 * 1024;

export interface AppDependencies {
  assistant: Assistant;
  /** Origins allowed by CORS; none means CORS headers are never sent. */
  corsOrigins?: string[];
  /** Optional LLM that writes chat answers from the retrieved passages. */
  llm?: ChatStreamOptions["llm"];
  log?: (message: string, error: unknown) => void;
}

/** The HTTP application; it never listens (see main.ts), so tests drive it with `app.request()`. */
export function createApp({ assistant, corsOrigins = [], llm, log }: AppDependencies) {
  const { passages, manifest } = assistant.index;
  const { sources, passages: passageRoutes } = sourceRoutes(passages);
  const app = new Hono();

  if (corsOrigins.length > 0) app.use("*", cors({ origin: corsOrigins }));
  app.use(
    "*",
    bodyLimit({
      maxSize: MAX_BODY_BYTES,
      onError: () => {
        throw new ApiError(413, "payload_too_large", `The request body must be at most ${MAX_BODY_BYTES} bytes`);
      },
    }),
  );

  app.get("/health", (context) =>
    context.json({
      status: "ok",
      model: manifest.model.id,
      documents: manifest.counts.documents,
      paragraphs: manifest.counts.paragraphs,
      chunks: manifest.counts.chunks,
      answers: llm ? "llm" : "extractive",
    }),
  );
  app.route("/ask", askRoutes(assistant));
  app.route("/api/chat", chatRoutes({ assistant, llm, log }));
  app.route("/sources", sources);
  app.route("/", uiRoutes());
  app.route("/passages", passageRoutes);

  app.notFound((context) => context.json({ error: { code: "not_found", message: `No route for ${context.req.method} ${context.req.path}` } }, 404));
  app.onError((error, context) => errorResponse(error, context, log));
  return app;
}
