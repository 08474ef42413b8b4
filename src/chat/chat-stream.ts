import { createUIMessageStream, streamText, type UIMessageChunk } from "ai";
import { citationFor } from "../answer/compose.js";
import type { Evidence } from "../answer/evidence.js";
import type { Answer, Citation } from "../answer/types.js";
import type { Assistant } from "../assistant.js";
import type { AnswerInfo, ChatDataParts, ChatUIMessage } from "./chat-message.js";
import { resolveTurn, type ChatMessage, type Turn } from "./conversation.js";
import type { LlmSettings } from "./llm-settings.js";
import { fitPassages, groundedPrompt, GROUNDED_SYSTEM_PROMPT, STOP_SEQUENCES, type NumberedPassage } from "./prompt.js";
import { createTextModel } from "./text-model.js";
import { verifiedAnswerTransform, type LlmOutcome } from "./verified-transform.js";

export type ChatLog = (message: string, error?: unknown) => void;

export interface ChatStreamOptions {
  assistant: Assistant;
  messages: ChatMessage[];
  /** An LLM to write answers from the retrieved passages; extractive answers when absent. */
  llm?: LlmSettings;
  log?: ChatLog;
  /** The request's signal: the model call stops when the client goes away. */
  abortSignal?: AbortSignal;
}

type Chunk = UIMessageChunk<never, ChatDataParts>;

/** Reads a stream chunk by chunk (ReadableStream's own async iterator is not in the ES2022 types). */
async function* chunksOf<T>(stream: ReadableStream<T>): AsyncGenerator<T> {
  const reader = stream.getReader();
  try {
    for (let next = await reader.read(); !next.done; next = await reader.read()) yield next.value;
  } finally {
    reader.releaseLock();
  }
}

function streamOf<T>(source: AsyncIterable<T>): ReadableStream<T> {
  const iterator = source[Symbol.asyncIterator]();
  return new ReadableStream<T>({
    async pull(controller) {
      const next = await iterator.next();
      if (next.done) controller.close();
      else controller.enqueue(next.value);
    },
    async cancel() {
      await iterator.return?.();
    },
  });
}

function* sourceChunks(citations: Citation[], info: AnswerInfo): Generator<Chunk> {
  for (const citation of citations) {
    yield { type: "source-url", sourceId: citation.id, url: citation.url, title: `[${citation.n}] ${citation.title} — ${citation.section} ¶${citation.paragraph}` };
  }
  yield { type: "data-citations", data: citations };
  yield { type: "data-answer", data: info };
}

/** The extractive answer, streamed through `streamText` like any model's, then its sources. */
async function* extractiveChunks(answer: Answer, notice?: string): AsyncGenerator<Chunk> {
  const result = streamText({ model: createTextModel(answer.answer), prompt: "extractive" });
  yield* chunksOf(result.toUIMessageStream<ChatUIMessage>({ sendStart: false, sendFinish: false }));
  yield* sourceChunks(answer.citations, { mode: "extractive", abstained: answer.abstained, ...(answer.notMentioned ? { notMentioned: answer.notMentioned } : {}), ...(notice ? { notice } : {}) });
}

function describe(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = error.cause instanceof Error ? `: ${error.cause.message}` : "";
  return `${error.name}: ${error.message}${cause}`.slice(0, 300);
}

/** Why the model call produced nothing to judge, for the log and the breaker; undefined when the client left. */
function failureCause(outcome: Exclude<LlmOutcome, { kind: "verdict" }>, llm: LlmSettings, signals: { firstToken: AbortSignal; client?: AbortSignal }): string | undefined {
  if (outcome.kind === "failed") {
    if (signals.firstToken.aborted) return `no output within ${llm.firstTokenTimeoutMs} ms`;
    return describe(outcome.error);
  }
  if (signals.client?.aborted) return undefined;
  return signals.firstToken.aborted ? `no output within ${llm.firstTokenTimeoutMs} ms` : `not finished within ${llm.timeoutMs} ms`;
}

/**
 * The LLM's answer from numbered passages, shown only once the whole answer is verified
 * (verify-citations.ts); otherwise the extractive answer with a notice saying why. The reader never
 * sees unverified text: the model's output is held back by the transform until it is judged.
 */
async function* llmChunks(options: ChatStreamOptions & { llm: LlmSettings }, turn: Turn): AsyncGenerator<Chunk> {
  const { assistant, llm, log = () => {} } = options;
  const { question, context } = turn;
  // The extractive pipeline decides once whether the documents hold an answer; the LLM only words
  // answers it found. Off-corpus questions never reach the model, and a fallback is ready at once.
  const [extractive, ranked] = await Promise.all([assistant.ask(question, { context }), assistant.retrieve([question, ...context].join(" "), { paragraphsOnly: true }, question)]);
  if (extractive.abstained) return yield* extractiveChunks(extractive);
  const fallback = (notice: string) => extractiveChunks(extractive, notice);
  const { passages } = ranked;
  const numbered = fitPassages({
    passages: ranked.paragraphIds.map((id, index): NumberedPassage => {
      const paragraph = passages.paragraphs.get(id);
      if (!paragraph) throw new Error(`unknown paragraph ${id}`);
      return { n: index + 1, paragraph, title: passages.documents.get(paragraph.docId)?.title ?? paragraph.docId };
    }),
    question,
    context,
    system: GROUNDED_SYSTEM_PROMPT,
    contextTokens: llm.contextTokens,
    maxOutputTokens: llm.maxOutputTokens,
  });
  if (numbered.length === 0) {
    log(`LLM skipped: no passage fits LLM_CONTEXT_TOKENS=${llm.contextTokens} beside the rules, the question and ${llm.maxOutputTokens} answer tokens`);
    return yield* fallback("The passages do not fit the language model's context window; this answer was extracted from the documents instead.");
  }

  yield { type: "data-status", data: { stage: "writing", timeoutSeconds: Math.round(llm.timeoutMs / 1000) }, transient: true };
  let settle: (outcome: LlmOutcome) => void = () => {};
  const settled = new Promise<LlmOutcome>((resolve) => (settle = resolve));
  // streamText's chunk timeout starts with the response; this one also covers a server that never answers.
  const firstToken = new AbortController();
  const started = performance.now();
  const timer = setTimeout(() => firstToken.abort(new DOMException(`no output within ${llm.firstTokenTimeoutMs} ms`, "TimeoutError")), llm.firstTokenTimeoutMs);
  const result = streamText({
    model: llm.model,
    system: GROUNDED_SYSTEM_PROMPT,
    prompt: groundedPrompt(question, numbered, context),
    maxOutputTokens: llm.maxOutputTokens,
    stopSequences: STOP_SEQUENCES,
    temperature: 0,
    maxRetries: 0,
    timeout: { totalMs: llm.timeoutMs, chunkMs: llm.firstTokenTimeoutMs },
    abortSignal: options.abortSignal ? AbortSignal.any([firstToken.signal, options.abortSignal]) : firstToken.signal,
    experimental_transform: verifiedAnswerTransform({
      context: { passages: numbered.map(({ n, title, paragraph }) => ({ n, title, section: paragraph.section })), system: GROUNDED_SYSTEM_PROMPT, question },
      onFirstText: () => clearTimeout(timer),
      settle,
    }),
    // Failures reach the transform as stream parts and are logged below with their cause.
    onError: () => {},
  });
  try {
    yield* chunksOf(result.toUIMessageStream<ChatUIMessage>({ sendStart: false, sendFinish: false }));
  } finally {
    clearTimeout(timer);
  }
  const outcome = await settled;

  if (outcome.kind !== "verdict") {
    const cause = failureCause(outcome, llm, { firstToken: firstToken.signal, client: options.abortSignal });
    if (cause === undefined) return;
    llm.breaker.failed(cause);
    log(`LLM answer failed after ${Math.round(performance.now() - started)} ms (${cause}); answered extractively`, outcome.kind === "failed" ? outcome.error : undefined);
    const timedOut = /^no output within|^not finished within|timeout/i.test(cause);
    return yield* fallback(`The language model ${timedOut ? "timed out" : "failed"}; this answer was extracted from the documents instead.`);
  }
  llm.breaker.succeeded();
  const { verdict } = outcome;
  if (verdict.kind === "rejected") {
    log(`LLM answer not shown: ${verdict.reason} (${verdict.counts.cited}/${verdict.counts.sentences} sentences cited): ${JSON.stringify(outcome.text.slice(0, 300))}`);
    return yield* fallback(`The language model's answer was not shown because ${verdict.reason}; this answer was extracted from the documents instead.`);
  }
  if (verdict.kind === "abstention") return yield* sourceChunks([], { mode: "llm", abstained: true });

  // Sentences come best first; the first one seen for a paragraph is its best.
  const evidence = new Map<string, Evidence>();
  for (const sentence of ranked.evidence.sentences) if (!evidence.has(sentence.paragraphId)) evidence.set(sentence.paragraphId, sentence);
  const citations = verdict.usedMarkers.map((n) => {
    const passage = numbered[n - 1] as NumberedPassage;
    const citation = citationFor(passages, passage.paragraph.id, n);
    const best = evidence.get(passage.paragraph.id);
    citation.score = Math.round(Math.max(0, best?.similarity ?? 0) * 1000) / 1000;
    if (best) citation.highlights = [{ start: best.start, end: best.end }];
    return citation;
  });
  yield* sourceChunks(citations, {
    mode: "llm",
    abstained: false,
    ...(verdict.removedMarkers.length ? { removedMarkers: verdict.removedMarkers } : {}),
    ...(verdict.uncitedSentences.length ? { uncitedSentences: verdict.uncitedSentences } : {}),
  });
}

async function* chatChunks(options: ChatStreamOptions): AsyncGenerator<Chunk> {
  const { assistant, messages, llm } = options;
  const turn = resolveTurn(messages);
  yield { type: "start" };
  if (llm?.breaker.allows()) yield* llmChunks({ ...options, llm }, turn);
  else {
    const retryAt = llm?.breaker.health().retryAt;
    const notice = retryAt
      ? `The language model failed several times in a row and is paused until ${retryAt.slice(11, 16)} UTC; this answer was extracted from the documents.`
      : undefined;
    yield* extractiveChunks(await assistant.ask(turn.question, { context: turn.context }), notice);
  }
  yield { type: "finish", finishReason: "stop" };
}

/**
 * The UI message stream answering the conversation's latest question. Wire behaviour: `start`, then
 * (LLM only) a transient `data-status` part while the model writes, then exactly one text part —
 * the verified LLM answer or the extractive one, never both — then one `source-url` part per cited
 * paragraph, `data-citations`, `data-answer`, and `finish`. A stock `useChat` client therefore
 * renders one final answer.
 */
export function createChatStream(options: ChatStreamOptions) {
  const { log = () => {} } = options;
  return createUIMessageStream<ChatUIMessage>({
    execute: ({ writer }) => {
      writer.merge(streamOf(chatChunks(options)));
    },
    onError: (error) => {
      log("chat stream failed:", error);
      return "The answer could not be completed. Please try again.";
    },
  });
}
