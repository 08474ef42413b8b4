import { Hono } from "hono";
import type { Assistant } from "../assistant.js";
import type { ChatStreamOptions } from "../chat/chat-stream.js";
import { chatRequestSchema } from "../chat/conversation.js";
import { jsonBody, methodNotAllowed, requireJson } from "./validation.js";

/** POST /api/chat: the AI SDK UI message stream (SSE), as `useChat` / `DefaultChatTransport` expect. */
export function chatRoutes(options: { assistant: Assistant; llm?: ChatStreamOptions["llm"]; log?: ChatStreamOptions["log"] }) {
  return new Hono()
    .post("/", requireJson, jsonBody(chatRequestSchema), async (context) => {
      const { messages } = context.req.valid("json");
      // The AI SDK (0.5 MB of code) loads with the first chat, not with every start.
      const [{ createUIMessageStreamResponse }, { createChatStream }] = await Promise.all([import("ai"), import("../chat/chat-stream.js")]);
      return createUIMessageStreamResponse({ stream: createChatStream({ ...options, messages, abortSignal: context.req.raw.signal }) });
    })
    .all("/", methodNotAllowed("POST"));
}
