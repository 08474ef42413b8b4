import { Hono } from "hono";
import { createUIMessageStreamResponse } from "ai";
import type { Assistant } from "../assistant.js";
import { createChatStream, type ChatStreamOptions } from "../chat/chat-stream.js";
import { chatRequestSchema } from "../chat/conversation.js";
import { jsonBody, methodNotAllowed, requireJson } from "./validation.js";

/** POST /api/chat: the AI SDK UI message stream (SSE), as `useChat` / `DefaultChatTransport` expect. */
export function chatRoutes(options: { assistant: Assistant; llm?: ChatStreamOptions["llm"]; log?: ChatStreamOptions["log"] }) {
  return new Hono()
    .post("/", requireJson, jsonBody(chatRequestSchema), (context) => {
      const { messages } = context.req.valid("json");
      return createUIMessageStreamResponse({ stream: createChatStream({ ...options, messages, abortSignal: context.req.raw.signal }) });
    })
    .all("/", methodNotAllowed("POST"));
}
