import { Hono } from "hono";
import { z } from "zod";
import { MAX_K, type Assistant } from "../assistant.js";
import { MAX_QUESTION_LENGTH } from "../limits.js";
import { jsonBody, methodNotAllowed, requireJson } from "./validation.js";

const K_RANGE = `The value of k must be a whole number from 1 to ${MAX_K}.`;

export const askSchema = z.object({
  question: z
    .string({ error: "Send the question as text in the field \"question\"." })
    .trim()
    .min(1, "The question is empty; type what you want to know.")
    .max(MAX_QUESTION_LENGTH, `The question is too long: at most ${MAX_QUESTION_LENGTH} characters.`),
  k: z.number({ error: K_RANGE }).int(K_RANGE).min(1, K_RANGE).max(MAX_K, K_RANGE).optional(),
});

/** POST /ask: one question in, an answer with `[n]` markers and the cited paragraphs out. */
export function askRoutes(assistant: Assistant) {
  return new Hono()
    .post("/", requireJson, jsonBody(askSchema), async (context) => {
      const { question, k } = context.req.valid("json");
      const { answer, citations, abstained, notMentioned } = await assistant.ask(question, { k });
      return context.json({ answer, citations, abstained, ...(notMentioned ? { notMentioned } : {}) });
    })
    .all("/", methodNotAllowed("POST"));
}
