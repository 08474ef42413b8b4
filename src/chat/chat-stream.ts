import { createUIMessageStream, streamText, type LanguageModel, type UIMessageStreamWriter } from "ai";
import { citationFor } from "../answer/compose.js";
import type { Evidence } from "../answer/evidence.js";
import { ABSTENTION_TEXT, type Answer, type Citation } from "../answer/types.js";
import type { Assistant } from "../assistant.js";
import type { AnswerInfo, ChatUIMessage } from "./chat-message.js";
import { resolveTurn, type ChatMessage } from "./conversation.js";
import { groundedPrompt, GROUNDED_SYSTEM_PROMPT, type NumberedPassage } from "./prompt.js";
import { createTextModel } from "./text-model.js";
import { CitationFilter, uncitedSentences } from "./verify-citations.js";

export interface ChatStreamOptions {
  assistant: Assistant;
  messages: ChatMessage[];
  /** An LLM to write answers from the retrieved passages; extractive answers when absent. */
  llm?: { model: LanguageModel; timeoutMs: number };
  log?: (message: string, error?: unknown) => void;
}

type Writer = UIMessageStreamWriter<ChatUIMessage>;

export class ModelTimeoutError extends Error {
  override name = "TimeoutError";
}

/** Yields from `source` until `deadline` (epoch ms) passes, then throws ModelTimeoutError. */
async function* untilDeadline<T>(source: AsyncIterable<T>, deadline: number): AsyncGenerator<T> {
  const iterator = source[Symbol.asyncIterator]();
  let timer: NodeJS.Timeout | undefined;
  try {
    while (true) {
      const expired = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new ModelTimeoutError("the model did not finish in time")), Math.max(0, deadline - Date.now()));
      });
      const next = await Promise.race([iterator.next(), expired]);
      clearTimeout(timer);
      if (next.done) return;
      yield next.value;
    }
  } finally {
    clearTimeout(timer);
    void iterator.return?.();
  }
}

/** Streams a model's text as one text part, or throws what the model threw. */
async function streamTextPart(writer: Writer, id: string, text: AsyncIterable<{ type: string; text?: string; error?: unknown }>, filter?: CitationFilter): Promise<void> {
  let started = false;
  const write = (delta: string) => {
    if (!delta) return;
    if (!started) writer.write({ type: "text-start", id });
    started = true;
    writer.write({ type: "text-delta", id, delta });
  };
  try {
    for await (const part of text) {
      if (part.type === "error") throw part.error;
      if (part.type === "text-delta" && part.text) write(filter ? filter.push(part.text) : part.text);
    }
    if (filter) write(filter.flush());
  } finally {
    if (started) writer.write({ type: "text-end", id });
  }
}

function writeSources(writer: Writer, citations: Citation[], info: AnswerInfo): void {
  for (const citation of citations) {
    writer.write({ type: "source-url", sourceId: citation.id, url: citation.url, title: `[${citation.n}] ${citation.title} — ${citation.section} ¶${citation.paragraph}` });
  }
  writer.write({ type: "data-citations", data: citations });
  writer.write({ type: "data-answer", data: info });
}

/** The extractive answer, streamed through `streamText` like any model's. */
async function writeExtractive(writer: Writer, answer: Answer, id: string, notice?: string): Promise<void> {
  const result = streamText({ model: createTextModel(answer.answer), prompt: "extractive" });
  await streamTextPart(writer, id, result.fullStream);
  writeSources(writer, answer.citations, { mode: "extractive", abstained: answer.abstained, ...(notice ? { notice } : {}) });
}

/**
 * The LLM's answer from numbered passages, its markers checked as they stream: markers that point
 * at no passage are removed and reported, uncited sentences are listed. An answer that cites
 * nothing valid, or a provider error or timeout, falls back to the extractive answer with a notice.
 */
async function writeLlm(writer: Writer, options: ChatStreamOptions & { llm: NonNullable<ChatStreamOptions["llm"]> }, question: string, context: string[]): Promise<void> {
  const { assistant, llm, log = () => {} } = options;
  const passages = assistant.index.passages;
  const ranked = await assistant.retrieve([question, ...context].join(" "), {}, question);
  const numbered: NumberedPassage[] = ranked.paragraphIds.map((id, index) => {
    const paragraph = passages.paragraphs.get(id);
    if (!paragraph) throw new Error(`unknown paragraph ${id}`);
    return { n: index + 1, paragraph, title: passages.documents.get(paragraph.docId)?.title ?? paragraph.docId };
  });
  const filter = new CitationFilter(new Set(numbered.map((passage) => passage.n)));
  const fallback = async (notice: string) => writeExtractive(writer, await assistant.ask(question, { context }), "answer-fallback", notice);

  try {
    const abort = new AbortController();
    const result = streamText({
      model: llm.model,
      system: GROUNDED_SYSTEM_PROMPT,
      prompt: groundedPrompt(question, numbered, context),
      abortSignal: abort.signal,
      maxRetries: 0,
      temperature: 0,
      // Errors arrive as stream parts and are handled below; the default handler would only log them.
      onError: () => {},
    });
    // The deadline covers the whole answer, not just the first byte; on expiry the request is aborted.
    try {
      await streamTextPart(writer, "answer", untilDeadline(result.fullStream, Date.now() + llm.timeoutMs), filter);
    } finally {
      abort.abort();
    }
  } catch (error) {
    log("LLM answer failed; falling back to the extractive answer:", error);
    const reason = error instanceof Error && error.name === "TimeoutError" ? "timed out" : "failed";
    return fallback(`The language model ${reason}; this answer was extracted from the documents instead.`);
  }

  const text = filter.output.trim();
  const abstained = text.includes(ABSTENTION_TEXT) || text.length === 0;
  const used = filter.usedMarkers;
  if (!abstained && used.length === 0) {
    return fallback("The language model's answer cited no passage, so it is not shown; this answer was extracted from the documents instead.");
  }
  // Sentences come best first; the first one seen for a paragraph is its best.
  const evidence = new Map<string, Evidence>();
  for (const sentence of ranked.evidence.sentences) if (!evidence.has(sentence.paragraphId)) evidence.set(sentence.paragraphId, sentence);
  const citations = abstained
    ? []
    : used.map((n) => {
        const passage = numbered[n - 1] as NumberedPassage;
        const citation = citationFor(passages, passage.paragraph.id, n);
        const best = evidence.get(passage.paragraph.id);
        citation.score = Math.round(Math.max(0, best?.similarity ?? 0) * 1000) / 1000;
        if (best) citation.highlights = [{ start: best.start, end: best.end }];
        return citation;
      });
  const removed = filter.removedMarkers;
  const uncited = abstained ? [] : uncitedSentences(text);
  writeSources(writer, citations, { mode: "llm", abstained, ...(removed.length ? { removedMarkers: removed } : {}), ...(uncited.length ? { uncitedSentences: uncited } : {}) });
}

/** The UI message stream answering the conversation's latest question. */
export function createChatStream(options: ChatStreamOptions) {
  const { assistant, messages, llm, log = () => {} } = options;
  return createUIMessageStream<ChatUIMessage>({
    execute: async ({ writer }) => {
      const { question, context } = resolveTurn(messages);
      writer.write({ type: "start" });
      writer.write({ type: "start-step" });
      if (llm) await writeLlm(writer, { ...options, llm }, question, context);
      else await writeExtractive(writer, await assistant.ask(question, { context }), "answer");
      writer.write({ type: "finish-step" });
      writer.write({ type: "finish", finishReason: "stop" });
    },
    onError: (error) => {
      log("chat stream failed:", error);
      return "The answer could not be completed. Please try again.";
    },
  });
}
