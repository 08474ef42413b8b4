import { MAX_QUESTION_PARTS } from "../limits.js";

/** ", and when did ..." — a conjunction followed by a new question word starts a second question. */
const SECOND_QUESTION = /,?\s+and\s+(?=(?:when|where|who|whom|what|which|how|why)\b)/i;

/**
 * Splits "X was part of which conflict, and when did it begin?" into its questions, so each part is
 * answered with the kind of fact it asks for. Later parts keep the first part as context, since they
 * usually refer back to it ("it", "that conflict"). At most MAX_QUESTION_PARTS parts: the rest stay
 * together in the last one, so "… and who … and who …" cannot multiply one request's work.
 */
export function splitQuestion(question: string): { query: string; focus: string }[] {
  const pieces = question.split(SECOND_QUESTION).map((part) => part.trim()).filter((part) => part.length > 0);
  const parts = [...pieces.slice(0, MAX_QUESTION_PARTS - 1), pieces.slice(MAX_QUESTION_PARTS - 1).join(", and ")].filter((part) => part.length > 0);
  if (parts.length < 2) return [{ query: question, focus: question }];
  const [first, ...rest] = parts as [string, ...string[]];
  return [{ query: first, focus: first }, ...rest.map((part) => ({ query: `${part} ${first}`, focus: part }))];
}
