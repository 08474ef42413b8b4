import { Hono } from "hono";
import { z } from "zod";
import { MAX_K, type Assistant } from "../assistant.js";
import { jsonBody, methodNotAllowed, requireJson } from "./validation.js";

export const MAX_QUESTION_LENGTH = 1000;

export const askSchema = z.object({
  question: z
    .string({ error: "question must be a string" })
    .trim()
    .min(1, "question must not be empty")
    .max(MAX_QUESTION_LENGTH, `question must be at most ${MAX_QUESTION_LENGTH} characters`),
  k: z.number().int().min(1).max(MAX_K).optional(),
});

/** POST /ask: one question in, an answer with `[n]` markers and the cited paragraphs out. */
export function askRoutes(assistant: Assistant) {
  return new Hono()
    .post("/", requireJson, jsonBody(askSchema), async (context) => {
      const { question, k } = context.req.valid("json");
      const { answer, citations, abstained } = await assistant.ask(question, { k });
      return context.json({ answer, citations, abstained });
    })
    .all("/", methodNotAllowed("POST"));
}
