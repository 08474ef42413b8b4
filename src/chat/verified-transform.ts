import type { TextStreamPart, ToolSet } from "ai";
import { ABSTENTION_TEXT } from "../answer/types.js";
import { verifyAnswer, type Verdict, type VerificationContext } from "./verify-citations.js";

/** How the model call ended: a verdict on its whole text, or why there is no text to judge. */
export type LlmOutcome = { kind: "verdict"; verdict: Verdict; text: string } | { kind: "failed"; error: unknown } | { kind: "aborted" };

/**
 * A `streamText` transform that holds the model's text back until the model is done, verifies it,
 * and lets through only the verified text, as one text part. Provider errors and aborts are kept
 * out of the stream (the caller falls back instead of showing them) and reported through `settle`,
 * which is called exactly once. `onFirstText` fires on the first text delta (the first-token timer).
 */
export function verifiedAnswerTransform(options: { context: VerificationContext; onFirstText: () => void; settle: (outcome: LlmOutcome) => void }) {
  const { context, onFirstText, settle } = options;
  return <TOOLS extends ToolSet>() => {
    let text = "";
    let failure: LlmOutcome | undefined;
    return new TransformStream<TextStreamPart<TOOLS>, TextStreamPart<TOOLS>>({
      transform(part, controller) {
        switch (part.type) {
          case "text-delta":
            if (!text) onFirstText();
            text += part.text;
            return;
          case "text-start":
          case "text-end":
            return;
          case "error":
            failure ??= { kind: "failed", error: part.error };
            return;
          case "abort":
            failure ??= { kind: "aborted" };
            return;
          default:
            controller.enqueue(part);
        }
      },
      flush(controller) {
        if (failure) return settle(failure);
        const verdict = verifyAnswer(text, context);
        const shown = verdict.kind === "answer" ? verdict.text : verdict.kind === "abstention" ? ABSTENTION_TEXT : "";
        if (shown) {
          controller.enqueue({ type: "text-start", id: "answer" });
          controller.enqueue({ type: "text-delta", id: "answer", text: shown });
          controller.enqueue({ type: "text-end", id: "answer" });
        }
        settle({ kind: "verdict", verdict, text });
      },
    });
  };
}
