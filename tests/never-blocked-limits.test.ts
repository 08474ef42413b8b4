import { describe, expect, it } from "vitest";
import { splitQuestion } from "../src/answer/split-question.js";
import { resolveTurn, type ChatMessage } from "../src/chat/conversation.js";
import { MAX_FOLLOW_UP_CONTEXT_CHARS, MAX_QUESTION_PARTS } from "../src/limits.js";

const message = (role: ChatMessage["role"], text: string, id = `${role}-${text.length}`): ChatMessage => ({ id, role, parts: [{ type: "text", text }] });

describe("bounded work per request", () => {
  it(`splits a compound question into at most ${MAX_QUESTION_PARTS} parts, keeping every word`, () => {
    const question = `Who led the raid${", and who attacked the camp".repeat(30)}?`;
    const parts = splitQuestion(question);
    expect(parts).toHaveLength(MAX_QUESTION_PARTS);
    // Nothing is dropped: the parts past the cap stay together in the last one.
    const asked = parts.map((part) => part.focus.match(/attacked the camp/g)?.length ?? 0);
    expect(asked.reduce((sum, count) => sum + count, 0)).toBe(30);
    expect(asked.at(-1)).toBe(30 - (MAX_QUESTION_PARTS - 2));
  });

  it("leaves a question with few parts as it was", () => {
    expect(splitQuestion("Which conflict was it part of, and when did it begin?").map((part) => part.focus)).toEqual(["Which conflict was it part of", "when did it begin?"]);
    expect(splitQuestion("Who leads JNIM?")).toEqual([{ query: "Who leads JNIM?", focus: "Who leads JNIM?" }]);
  });

  it(`carries at most ${MAX_FOLLOW_UP_CONTEXT_CHARS} characters of the previous turn into a follow-up, cut between words`, () => {
    const long = `What is JNIM ${"and its many allied groups in the Sahel ".repeat(200)}?`;
    const turn = resolveTurn([message("user", long), message("assistant", "JNIM is a coalition [1]."), message("user", "When was it formed?")]);
    expect(turn.question).toBe("When was it formed?");
    const [context] = turn.context;
    expect(context?.length).toBeLessThanOrEqual(MAX_FOLLOW_UP_CONTEXT_CHARS);
    expect(context?.startsWith("What is JNIM and its many allied groups")).toBe(true);
    expect(long.startsWith(context as string)).toBe(true);
    expect(long.charAt((context as string).length)).toBe(" ");
  });

  it("keeps a short previous question whole", () => {
    const turn = resolveTurn([message("user", "What is JNIM?"), message("assistant", "JNIM is a coalition [1]."), message("user", "When was it formed?")]);
    expect(turn.context).toEqual(["What is JNIM?"]);
  });
});
