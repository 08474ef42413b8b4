import type { UIMessage } from "ai";
import type { Citation } from "../answer/types.js";

/** How an answer came about; sent once per answer as a `data-answer` part. */
export interface AnswerInfo {
  mode: "extractive" | "llm";
  abstained: boolean;
  /** Shown to the user, e.g. when the LLM's answer was not verified and the extractive answer stands in. */
  notice?: string;
  /** `[n]` markers the LLM wrote that pointed at no passage; they were removed from the text. */
  removedMarkers?: number[];
  /** Sentences of an LLM answer that cited no passage; they were left out of the text. */
  uncitedSentences?: string[];
  /** Names in the question that no document mentions, when that is why it abstained. */
  notMentioned?: string[];
}

/** Progress while an answer is prepared; sent as a transient part, so it never joins the message. */
export interface AnswerStatus {
  stage: "writing";
  /** Seconds the LLM may take before the extractive answer is shown instead. */
  timeoutSeconds: number;
}

/** A type alias, not an interface: the AI SDK needs it assignable to `Record<string, unknown>`. */
export type ChatDataParts = {
  citations: Citation[];
  answer: AnswerInfo;
  status: AnswerStatus;
};

/** The chat's UI message: text, one `source-url` part per cited paragraph, and the data parts. */
export type ChatUIMessage = UIMessage<never, ChatDataParts>;
