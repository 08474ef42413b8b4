import { z } from "zod";
import { ABSTENTION_TEXT } from "../answer/types.js";
import { MAX_QUESTION_LENGTH } from "../routes/ask.js";

/** Generous: clients such as useChat send the whole history, and only its last turns are used. */
export const MAX_MESSAGES = 500;
export const MAX_MESSAGE_TEXT = 8_000;

const textPart = z.object({ type: z.literal("text"), text: z.string().max(MAX_MESSAGE_TEXT) });
// Other part types (sources, data, step markers) come back from the client as it received them.
const otherPart = z.object({ type: z.string().max(100).refine((type) => type !== "text") }).passthrough();

export const uiMessageSchema = z.object({
  id: z.string().max(200),
  role: z.enum(["system", "user", "assistant"]),
  parts: z.array(z.union([textPart, otherPart])).max(200),
  metadata: z.unknown().optional(),
});

/** The body `useChat` / `DefaultChatTransport` sends: `{ id, messages, trigger?, messageId? }`. */
export const chatRequestSchema = z
  .object({
    id: z.string().max(200).optional(),
    messages: z.array(uiMessageSchema).min(1).max(MAX_MESSAGES),
  })
  .passthrough()
  .superRefine((body, context) => {
    const last = body.messages[body.messages.length - 1];
    const text = last ? messageText(last).trim() : "";
    if (last?.role !== "user") context.addIssue({ code: "custom", path: ["messages"], message: "the last message must come from the user" });
    else if (text.length === 0) context.addIssue({ code: "custom", path: ["messages"], message: "the last message has no text" });
    else if (text.length > MAX_QUESTION_LENGTH) context.addIssue({ code: "custom", path: ["messages"], message: `a question must be at most ${MAX_QUESTION_LENGTH} characters` });
  });

export type ChatMessage = z.infer<typeof uiMessageSchema>;
export type ChatRequest = z.infer<typeof chatRequestSchema>;

export function messageText(message: ChatMessage): string {
  return message.parts
    .filter((part): part is z.infer<typeof textPart> => part.type === "text" && typeof (part as { text?: unknown }).text === "string")
    .map((part) => part.text)
    .join("\n");
}

/** Words that point back at something said earlier: "When was it formed?", "Who led them?". */
const REFERS_BACK = /\b(it|its|it's|they|them|their|theirs|he|him|his|she|her|hers)\b|\b(this|that|these|those|the same)\s+(group|groups|battle|raid|war|attack|conflict|operation|organi[sz]ation|movement|coalition|event|city|town|man|person|leader|country|coup|day|year)\b/i;
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
    if (reply && messageText(reply).includes(ABSTENTION_TEXT)) continue;
    const text = messageText(message).trim();
    if (text) return { question, context: [text] };
  }
  return { question, context: [] };
}
