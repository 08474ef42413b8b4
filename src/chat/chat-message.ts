import type { UIMessage } from "ai";
import type { Citation } from "../answer/types.js";

/** How an answer came about; sent once per answer as a `data-answer` part. */
export interface AnswerInfo {
  mode: "extractive" | "llm";
  abstained: boolean;
  /** Shown to the user, e.g. when the LLM failed and the extractive answer stands in. */
  notice?: string;
  /** `[n]` markers the LLM wrote that pointed at no passage; they were removed from the text. */
  removedMarkers?: number[];
  /** Sentences of an LLM answer without any citation. */
  uncitedSentences?: string[];
}

/** The chat's UI message: text, one `source-url` part per cited paragraph, and two data parts. */
export type ChatUIMessage = UIMessage<never, { citations: Citation[]; answer: AnswerInfo }>;
