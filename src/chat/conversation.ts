import { z } from "zod";
import { ABSTENTION_TEXT } from "../answer/types.js";
import { MAX_FOLLOW_UP_CONTEXT_CHARS, MAX_MESSAGE_TEXT, MAX_MESSAGES, MAX_QUESTION_LENGTH } from "../limits.js";
import { normalise } from "./verify-citations.js";

/**
 * One part of a message. Text parts carry the conversation; other parts (sources, data, step
 * markers) come back from the client as it received them. One schema with a refinement, not a
 * union, so a bad text part is reported as what it is rather than as "not valid".
 */
const messagePart = z
  .object({ type: z.string({ error: "every message part needs a type, such as \"text\"" }).max(100, "a message part's type may be at most 100 characters") })
  .passthrough()
  .superRefine((part, context) => {
    if (part.type !== "text") return;
    const { text } = part as { text?: unknown };
    if (typeof text !== "string") context.addIssue({ code: "custom", path: ["text"], message: "a text part needs its text" });
    else if (text.length > MAX_MESSAGE_TEXT) context.addIssue({ code: "custom", path: ["text"], message: `a message part may hold at most ${MAX_MESSAGE_TEXT} characters` });
  });

export const uiMessageSchema = z.object({
  id: z.string({ error: "every message needs an id" }).max(200, "a message id may be at most 200 characters"),
  role: z.enum(["system", "user", "assistant"], { error: 'a message\'s role must be "user", "assistant" or "system"' }),
  parts: z.array(messagePart, { error: "a message's parts must be a list" }).max(200, "a message may have at most 200 parts"),
  metadata: z.unknown().optional(),
});

/** The body `useChat` / `DefaultChatTransport` sends: `{ id, messages, trigger?, messageId? }`. */
export const chatRequestSchema = z
  .object({
    id: z.string({ error: "the chat id must be text" }).max(200, "the chat id may be at most 200 characters").optional(),
    messages: z
      .array(uiMessageSchema, { error: "messages must be a list of chat messages" })
      .min(1, "send at least one message")
      .max(MAX_MESSAGES, `a conversation may have at most ${MAX_MESSAGES} messages; start a new chat`),
  })
  .passthrough()
  .superRefine((body, context) => {
    const last = body.messages[body.messages.length - 1];
    const text = last ? messageText(last).trim() : "";
    if (last?.role !== "user") context.addIssue({ code: "custom", path: ["messages"], message: "The last message must be the user's question." });
    else if (text.length === 0) context.addIssue({ code: "custom", path: ["messages"], message: "The question is empty; type what you want to know." });
    else if (text.length > MAX_QUESTION_LENGTH) context.addIssue({ code: "custom", path: ["messages"], message: `The question is too long: at most ${MAX_QUESTION_LENGTH} characters.` });
  });

export type ChatMessage = z.infer<typeof uiMessageSchema>;
export type ChatRequest = z.infer<typeof chatRequestSchema>;

export function messageText(message: ChatMessage): string {
  return message.parts
    .filter((part): part is { type: "text"; text: string } => part.type === "text" && typeof (part as { text?: unknown }).text === "string")
    .map((part) => part.text)
    .join("\n");
}

/**
 * Whether an assistant message was an abstention: its `data-answer` part says so (clients send the
 * parts they received back); a client that sends text only is read by normalised equality.
 */
export function abstained(message: ChatMessage): boolean {
  for (const part of message.parts) {
    if (part.type !== "data-answer") continue;
    const data = (part as { data?: unknown }).data;
    if (data && typeof data === "object" && "abstained" in data) return data.abstained === true;
  }
  return normalise(messageText(message)) === normalise(ABSTENTION_TEXT);
}

/** The start of an earlier turn, cut at a word boundary: enough to name what "it" is, never a whole long turn. */
function clipContext(text: string): string {
  if (text.length <= MAX_FOLLOW_UP_CONTEXT_CHARS) return text;
  const cut = text.slice(0, MAX_FOLLOW_UP_CONTEXT_CHARS);
  const lastSpace = cut.lastIndexOf(" ");
  return lastSpace > MAX_FOLLOW_UP_CONTEXT_CHARS / 2 ? cut.slice(0, lastSpace) : cut;
}

/**
 * Words that point back at something said earlier: a pronoun ("When was it formed?", "Who led
 * them?") or a demonstrative ("these options", "why is this", "the same year", "after that
 * attack"). "that" counts only after a function word: "the law that banned …" is a relative clause.
 */
const REFERS_BACK =
  /\b(it|its|it's|they|them|their|theirs|he|him|his|she|her|hers)\b|\b(this|these|those)\b|\bthe same\s+\p{L}|(^|\b(is|was|are|were|do|does|did|of|in|on|at|for|from|about|after|before|during|with|by|to|since|until)\s+)that\s+\p{L}/iu;
const CONTINUES = /^\s*(and|but|also|what about|how about|why|so)\b/i;

export interface Turn {
  /** The user's latest question, as asked. */
  question: string;
  /** What the latest question refers back to: the previous question. */
  context: string[];
}

/** A short question with no name in it ("where did the attackers go afterwards?") leans on what came before. */
function leansOnContext(question: string): boolean {
  const words = question.split(/\s+/).filter(Boolean);
  return words.length <= 6 && !/\S\s+[A-Z0-9]/.test(question);
}

/**
 * The latest question and, when it refers back ("When was it formed?", "who led them?"), the
 * previous question. Answers are left out on purpose: measured on the golden conversations they
 * pull retrieval back to the paragraph already cited instead of the one the follow-up needs.
 */
export function resolveTurn(messages: ChatMessage[]): Turn {
  const last = messages[messages.length - 1];
  const question = last ? messageText(last).trim() : "";
  if (!(REFERS_BACK.test(question) || CONTINUES.test(question) || leansOnContext(question))) return { question, context: [] };
  // The most recent earlier question that got an answer: one the documents could not answer
  // ("how do I bake bread?") is not what "it" refers to.
  for (let index = messages.length - 2; index >= 0; index--) {
    const message = messages[index] as ChatMessage;
    if (message.role !== "user") continue;
    const reply = messages.slice(index + 1, -1).find((candidate) => candidate.role === "assistant");
    if (reply && abstained(reply)) continue;
    const text = messageText(message).trim();
    if (text) return { question, context: [clipContext(text)] };
  }
  return { question, context: [] };
}
