import type { TextStreamPart, ToolSet } from "ai";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { GROUNDED_SYSTEM_PROMPT } from "../src/chat/prompt.js";
import { verifiedAnswerTransform, type LlmOutcome } from "../src/chat/verified-transform.js";
import type { VerificationContext } from "../src/chat/verify-citations.js";

type Part = TextStreamPart<ToolSet>;

const CONTEXT: VerificationContext = {
  passages: [
    { n: 1, title: "2015 Nampala raid", section: "Introduction" },
    { n: 2, title: "2015 Nampala raid", section: "Aftermath" },
  ],
  system: GROUNDED_SYSTEM_PROMPT,
  question: "How many soldiers were killed in the Nampala raid?",
};

/** Runs the transform over `text` cut at `cuts`, as a model's deltas; returns what passed through and the outcome. */
async function run(text: string, cuts: number[], extra: Part[] = []): Promise<{ parts: Part[]; outcome: LlmOutcome; firstText: number }> {
  let outcome: LlmOutcome | undefined;
  let firstText = 0;
  const transform = verifiedAnswerTransform({ context: CONTEXT, onFirstText: () => firstText++, settle: (value) => (outcome = value) })<ToolSet>();
  const bounds = [0, ...[...new Set(cuts)].filter((cut) => cut > 0 && cut < text.length).sort((a, b) => a - b), text.length];
  const deltas = bounds.slice(1).map((end, index) => text.slice(bounds[index], end));
  const input: Part[] = [
    { type: "start" },
    { type: "text-start", id: "t" },
    ...deltas.map((delta): Part => ({ type: "text-delta", id: "t", text: delta })),
    { type: "text-end", id: "t" },
    ...extra,
  ];
  const parts: Part[] = [];
  const readable = new ReadableStream<Part>({
    start(controller) {
      for (const part of input) controller.enqueue(part);
      controller.close();
    },
  }).pipeThrough(transform);
  const reader = readable.getReader();
  for (let next = await reader.read(); !next.done; next = await reader.read()) parts.push(next.value);
  if (!outcome) throw new Error("settle was not called");
  return { parts, outcome, firstText };
}

const textOf = (parts: Part[]) => parts.map((part) => (part.type === "text-delta" ? part.text : "")).join("");

describe("verifiedAnswerTransform (the model's text held back until it is verified)", () => {
  const verified = "AFP confirmed that eleven Malian soldiers were killed [2]. The raid began on January 5, 2015 [1].";
  const copied = "[1] 2015 Nampala raid — Introduction\nOn January 5, 2015, militants overran Malian defenses [1].";

  it("lets the same verified answer through, once, in one text part, however the model split it", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.integer({ min: 1, max: verified.length - 1 }), { maxLength: 20 }), async (cuts) => {
        const { parts, outcome, firstText } = await run(verified, cuts);
        expect(parts.filter((part) => part.type === "text-start")).toHaveLength(1);
        expect(parts.filter((part) => part.type === "text-delta")).toHaveLength(1);
        expect(textOf(parts)).toBe(verified);
        expect(outcome).toMatchObject({ kind: "verdict", verdict: { kind: "answer" }, text: verified });
        expect(firstText).toBe(1);
      }),
      { numRuns: 60 },
    );
  });

  it("lets nothing of a rejected answer through, however it was split", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.integer({ min: 1, max: copied.length - 1 }), { maxLength: 20 }), async (cuts) => {
        const { parts, outcome } = await run(copied, cuts);
        expect(parts.some((part) => part.type === "text-delta" || part.type === "text-start")).toBe(false);
        expect(outcome).toMatchObject({ kind: "verdict", verdict: { kind: "rejected" } });
      }),
      { numRuns: 60 },
    );
  });

  it("keeps a provider error out of the stream and reports it instead of a verdict", async () => {
    const error = new Error("connection reset");
    const { parts, outcome } = await run(verified.slice(0, 30), [10], [{ type: "error", error }]);
    expect(parts.map((part) => part.type)).toEqual(["start"]);
    expect(outcome).toEqual({ kind: "failed", error });
  });
});
