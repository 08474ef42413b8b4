import { readFileSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import type { LanguageModelV3StreamPart } from "@ai-sdk/provider";
import { DefaultChatTransport, readUIMessageStream, simulateReadableStream, type LanguageModel } from "ai";
import { MockLanguageModelV3 } from "ai/test";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ABSTENTION_TEXT } from "../src/answer/types.js";
import { createApp } from "../src/app.js";
import { createAssistant, type Assistant } from "../src/assistant.js";
import type { ChatUIMessage } from "../src/chat/chat-message.js";
import { createLlmModel } from "../src/chat/llm-model.js";
import { llmSettings } from "../src/chat/llm-settings.js";
import { STOP_SEQUENCES } from "../src/chat/prompt.js";
import { buildFakeIndex } from "./support/fake-index.js";
import { answerInfoOf, citationsOf, readChatResponse, textOf, userMessage } from "./support/ui-stream.js";

const USAGE = {
  inputTokens: { total: 10, noCache: 10, cacheRead: undefined, cacheWrite: undefined },
  outputTokens: { total: 10, text: 10, reasoning: undefined },
};

/** A mock provider model that streams `text` in small deltas (edge cases a real model will not produce on demand). */
function mockModel(text: string, options: { failAfter?: number; delayMs?: number } = {}) {
  const deltas = text.match(/.{1,7}/gs) ?? [];
  const chunks: LanguageModelV3StreamPart[] = [
    { type: "stream-start", warnings: [] },
    { type: "text-start", id: "t" },
    ...deltas.slice(0, options.failAfter ?? deltas.length).map((delta): LanguageModelV3StreamPart => ({ type: "text-delta", id: "t", delta })),
    ...(options.failAfter !== undefined
      ? [{ type: "error", error: new Error("provider exploded") } as LanguageModelV3StreamPart]
      : [{ type: "text-end", id: "t" } as LanguageModelV3StreamPart, { type: "finish", usage: USAGE, finishReason: { unified: "stop", raw: "stop" } } as LanguageModelV3StreamPart]),
  ];
  return new MockLanguageModelV3({
    doStream: async () => ({ stream: simulateReadableStream({ chunks, chunkDelayInMs: options.delayMs ?? 0 }) }),
  });
}

describe("optional LLM answers (mock provider, for the edge cases; tests/llm-real.int.test.ts runs real models)", () => {
  let assistant: Assistant;
  let cleanup: () => Promise<void>;

  beforeAll(async () => {
    const fake = await buildFakeIndex({ "nampala-raid-2015.txt": readFileSync(path.resolve(import.meta.dirname, "../corpus/nampala-raid-2015.txt"), "utf8") });
    cleanup = fake.cleanup;
    assistant = createAssistant({ index: fake.index, embedder: fake.embedder });
  });
  afterAll(async () => {
    await cleanup();
  });
  const chat = (target: ReturnType<typeof createApp>, messages: unknown[]) =>
    target.request("/api/chat", { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ id: "chat-1", messages }) });

  const llmApp = (model: LanguageModel, overrides: Parameters<typeof llmSettings>[1] = {}) => {
    const llm = llmSettings(model, { timeoutMs: 5_000, ...overrides });
    return { app: createApp({ assistant, llm, log: (message) => logged.push(message) }), llm };
  };
  const logged: string[] = [];
  const question = [userMessage("u1", "How many Malian soldiers were killed in the Nampala raid?")];
  const request = async (model: LanguageModel, overrides: Parameters<typeof llmSettings>[1] = {}) => readChatResponse(await chat(llmApp(model, overrides).app, question));

  it("mock provider: sends numbered passages inside delimiters with token and stop limits, and shows a verified answer", async () => {
    const model = mockModel("AFP confirmed that eleven soldiers were killed [1].");
    const { message, chunks } = await request(model);
    const call = model.doStreamCalls[0];
    expect(JSON.stringify(call?.prompt)).toContain("<passages>");
    expect(JSON.stringify(call?.prompt)).toContain("[1] 2015 Nampala raid");
    expect(call?.maxOutputTokens).toBe(400);
    expect(call?.stopSequences).toEqual(STOP_SEQUENCES);
    expect(textOf(message)).toBe("AFP confirmed that eleven soldiers were killed [1].");
    expect(citationsOf(message).map((citation) => citation.n)).toEqual([1]);
    expect(answerInfoOf(message)).toMatchObject({ mode: "llm", abstained: false });
    // The model's text arrives only once verified: one text part, one delta, after the transient status.
    expect(chunks.filter((chunk) => chunk.type === "text-start")).toHaveLength(1);
    expect(chunks.findIndex((chunk) => chunk.type === "data-status")).toBeLessThan(chunks.findIndex((chunk) => chunk.type === "text-start"));
    expect(message.parts.some((part) => part.type === "data-status")).toBe(false);
  });

  it("mock provider: removes an invented citation [9] and leaves its uncited sentence out", async () => {
    const model = mockModel("Eleven soldiers were killed [1]. It was in 2015 [1]. Militants attacked [1]. The city was Nampala [1]. Twelve tanks were lost [9].");
    const { message } = await request(model);
    expect(textOf(message)).toBe("Eleven soldiers were killed [1]. It was in 2015 [1]. Militants attacked [1]. The city was Nampala [1].");
    expect(answerInfoOf(message)).toMatchObject({ mode: "llm", removedMarkers: [9], uncitedSentences: ["Twelve tanks were lost."] });
  });

  const fallbacks: [string, string, RegExp][] = [
    ["an answer citing nothing valid", "Eleven soldiers were killed [7].", /cited no passage/],
    ["an answer with too few cited sentences", "Eleven soldiers were killed [1]. The army was embarrassed.", /only 1 of 2 sentences/],
    ["a copy of a passage with its label", "[1] 2015 Nampala raid — Introduction\nOn January 5, 2015, militants overran Malian defenses.", /passage label|cited no passage/],
    ["a copy of the rules", "Use only facts stated in the passages. Never use outside knowledge, even if you are sure of it [1].", /copies the instructions/],
    ["an echo of the passages fence", "<passages>\n[1] Eleven soldiers were killed [1].", /<passages> fence/],
    ["rules containing the abstention sentence", `If the passages do not contain the answer, reply exactly: "${ABSTENTION_TEXT}"`, /copies the instructions/],
  ];
  for (const [name, text, notice] of fallbacks) {
    it(`mock provider: ${name} is not shown; the extractive answer stands in with a notice`, async () => {
      const { message } = await request(mockModel(text));
      expect(answerInfoOf(message)).toMatchObject({ mode: "extractive", abstained: false });
      expect(answerInfoOf(message)?.notice).toMatch(notice);
      expect(textOf(message)).not.toContain(text.slice(0, 20));
      expect(message.parts.filter((part) => part.type === "text")).toHaveLength(1);
    });
  }

  it("mock provider: an error mid-answer falls back, with nothing of the failed answer in the stream", async () => {
    logged.length = 0;
    const { message, chunks } = await request(mockModel("Eleven soldiers were killed [1]. And then", { failAfter: 3 }));
    expect(answerInfoOf(message)).toMatchObject({ mode: "extractive" });
    expect(answerInfoOf(message)?.notice).toMatch(/language model failed/);
    expect(chunks.some((chunk) => chunk.type === "error")).toBe(false);
    expect(textOf(message)).not.toContain("And then");
    expect(logged.join("\n")).toMatch(/LLM answer failed after \d+ ms \(Error: provider exploded\)/);
  });

  it("mock provider: a model that never sends a token is given up on after the first-token timeout", async () => {
    // Like a server that accepts the connection and never answers: only the abort ends the wait.
    const silent = new MockLanguageModelV3({
      doStream: async ({ abortSignal }) => ({
        stream: new ReadableStream<LanguageModelV3StreamPart>({ start: (controller) => abortSignal?.addEventListener("abort", () => controller.error(abortSignal.reason)) }),
      }),
    });
    const started = performance.now();
    const { message } = await request(silent, { firstTokenTimeoutMs: 300 });
    expect(performance.now() - started).toBeLessThan(3_000);
    expect(answerInfoOf(message)?.notice).toMatch(/timed out/);
  });

  it("mock provider: an answer over the total timeout falls back", async () => {
    const { message } = await request(mockModel("Eleven soldiers were killed [1].", { delayMs: 150 }), { timeoutMs: 300 });
    expect(answerInfoOf(message)?.notice).toMatch(/timed out/);
  });

  it("a refused connection falls back in under a second, and repeated failures pause the LLM (reported by /health)", async () => {
    // A port that was just free: nothing listens there.
    const port = await new Promise<number>((resolve) => {
      const probe = createServer().listen(0, "127.0.0.1", () => {
        const address = probe.address() as AddressInfo;
        probe.close(() => resolve(address.port));
      });
    });
    const model = createLlmModel({ baseURL: `http://127.0.0.1:${port}/v1`, model: "none" });
    const { app: refused } = llmApp(model, { failureThreshold: 3, coolDownMs: 60_000 });
    // The first call loads the HTTP client (about a second, once per process); the bound is for the calls after it.
    await readChatResponse(await chat(refused, question));
    for (let attempt = 0; attempt < 2; attempt++) {
      logged.length = 0;
      const { message } = await readChatResponse(await chat(refused, question));
      expect(answerInfoOf(message)?.notice).toMatch(/language model failed/);
      // From the model call to the fallback (the retrieval before it is the same with or without an LLM).
      const failedAfter = Number(/LLM answer failed after (\d+) ms \(.*(Cannot connect|ECONNREFUSED)/.exec(logged.join("\n"))?.[1] ?? Infinity);
      expect(failedAfter).toBeLessThan(1_000);
    }
    const health = (await (await refused.request("/health")).json()) as { llm: { state: string; consecutiveFailures: number; lastFailure: string } };
    expect(health.llm).toMatchObject({ state: "cooling-down", consecutiveFailures: 3 });
    expect(health.llm.lastFailure).toMatch(/Cannot connect|ECONNREFUSED|fetch failed/);
    const { message } = await readChatResponse(await chat(refused, question));
    expect(answerInfoOf(message)?.notice).toMatch(/paused until/);
  });

  it("mock provider: a question the documents do not answer never reaches the model", async () => {
    const model = mockModel("Sourdough needs a starter [1].");
    const { message } = await readChatResponse(await chat(llmApp(model).app, [userMessage("u1", "How do I bake sourdough bread at home?")]));
    expect(model.doStreamCalls).toHaveLength(0);
    expect(textOf(message)).toBe(ABSTENTION_TEXT);
    expect(answerInfoOf(message)).toMatchObject({ mode: "extractive", abstained: true });
  });

  it("mock provider: an abstaining answer cites nothing, and only the exact sentence counts as one", async () => {
    const { message } = await request(mockModel(ABSTENTION_TEXT));
    expect(textOf(message)).toBe(ABSTENTION_TEXT);
    expect(citationsOf(message)).toEqual([]);
    expect(answerInfoOf(message)).toMatchObject({ mode: "llm", abstained: true });
  });

  it("mock provider: an unchanged AI SDK client renders one final answer when the LLM's is replaced", async () => {
    const { app: replaced } = llmApp(mockModel("The 2018 FIFA World Cup was won by the 2018 Malian presidential election."));
    const transport = new DefaultChatTransport<ChatUIMessage>({ api: "http://127.0.0.1/api/chat", fetch: async (input, init) => replaced.request(String(input), init) });
    const stream = await transport.sendMessages({ chatId: "c", messages: question as ChatUIMessage[], abortSignal: undefined, trigger: "submit-message", messageId: undefined });
    let final: ChatUIMessage | undefined;
    const seen = new Set<string>();
    for await (const snapshot of readUIMessageStream<ChatUIMessage>({ stream })) {
      final = snapshot;
      for (const part of snapshot.parts) if (part.type === "text") seen.add(part.text);
    }
    expect(final?.parts.filter((part) => part.type === "text")).toHaveLength(1);
    expect([...seen].join(" ")).not.toMatch(/FIFA/);
    expect(answerInfoOf(final as ChatUIMessage)).toMatchObject({ mode: "extractive" });
  });
});
