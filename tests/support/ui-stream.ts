import { parseJsonEventStream, readUIMessageStream, uiMessageChunkSchema, type UIMessageChunk } from "ai";
import type { Citation } from "../../src/answer/types.js";
import type { AnswerInfo, ChatUIMessage } from "../../src/chat/chat-message.js";

/**
 * Reads a UI message stream response with the AI SDK's own parser and message reader. `snapshots`
 * holds the text of every message state the reader produced: what a `useChat` client would have
 * rendered along the way.
 */
export async function readChatResponse(response: Response): Promise<{ message: ChatUIMessage; chunks: UIMessageChunk[]; snapshots: string[] }> {
  if (!response.body) throw new Error("response without body");
  const chunks: UIMessageChunk[] = [];
  const stream = parseJsonEventStream({ stream: response.body, schema: uiMessageChunkSchema }).pipeThrough(
    new TransformStream({
      transform(result, controller) {
        if (!result.success) throw result.error;
        chunks.push(result.value);
        controller.enqueue(result.value);
      },
    }),
  );
  let message: ChatUIMessage | undefined;
  const snapshots: string[] = [];
  for await (const snapshot of readUIMessageStream<ChatUIMessage>({ stream: stream as ReadableStream<never>, terminateOnError: true })) {
    message = snapshot;
    snapshots.push(textOf(snapshot));
  }
  if (!message) throw new Error("the stream held no message");
  return { message, chunks, snapshots };
}

export function textOf(message: ChatUIMessage): string {
  return message.parts.map((part) => (part.type === "text" ? part.text : "")).join("");
}

export function citationsOf(message: ChatUIMessage): Citation[] {
  const part = message.parts.find((candidate) => candidate.type === "data-citations");
  return part?.type === "data-citations" ? part.data : [];
}

export function answerInfoOf(message: ChatUIMessage): AnswerInfo | undefined {
  const part = message.parts.find((candidate) => candidate.type === "data-answer");
  return part?.type === "data-answer" ? part.data : undefined;
}

export function userMessage(id: string, text: string) {
  return { id, role: "user" as const, parts: [{ type: "text" as const, text }] };
}
