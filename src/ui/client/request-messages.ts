import type { ChatUIMessage } from "../../chat/chat-message.js";
import { MAX_CHAT_HISTORY_CHARS, MAX_CHAT_HISTORY_MESSAGES } from "../../limits.js";

/** Parts the server never reads: sources and step markers travel as the citations data part already. */
const DROPPED = new Set(["source-url", "step-start"]);

/**
 * The conversation as sent: its latest turns with their text and data parts (the server reads an
 * earlier abstention from `data-answer`), starting at a user message and within the size bound.
 */
export function requestMessages(messages: ChatUIMessage[]): ChatUIMessage[] {
  const trimmed = messages.slice(-MAX_CHAT_HISTORY_MESSAGES).map((message) => ({ ...message, parts: message.parts.filter((part) => !DROPPED.has(part.type)) }));
  while (trimmed.length > 1 && (trimmed[0]?.role !== "user" || JSON.stringify(trimmed).length > MAX_CHAT_HISTORY_CHARS)) trimmed.shift();
  return trimmed;
}
