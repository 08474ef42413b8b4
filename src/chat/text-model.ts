import type { LanguageModelV3, LanguageModelV3StreamPart } from "@ai-sdk/provider";

const NO_USAGE = {
  inputTokens: { total: undefined, noCache: undefined, cacheRead: undefined, cacheWrite: undefined },
  outputTokens: { total: undefined, text: undefined, reasoning: undefined },
};

/** Splits text into word-sized deltas, keeping the whitespace, so it streams like a model's output. */
export function toDeltas(text: string, wordsPerDelta = 3): string[] {
  const words = text.match(/\S+\s*/g) ?? [];
  const deltas: string[] = [];
  for (let index = 0; index < words.length; index += wordsPerDelta) deltas.push(words.slice(index, index + wordsPerDelta).join(""));
  return deltas;
}

/**
 * An AI SDK language model whose output is text the extractive answerer already wrote. Exposing it
 * as a model lets extractive and LLM answers take the same `streamText` path to the client.
 */
export function createTextModel(text: string, options: { modelId?: string } = {}): LanguageModelV3 {
  const parts = (): LanguageModelV3StreamPart[] => [
    { type: "stream-start", warnings: [] },
    { type: "text-start", id: "answer" },
    ...toDeltas(text).map((delta): LanguageModelV3StreamPart => ({ type: "text-delta", id: "answer", delta })),
    { type: "text-end", id: "answer" },
    { type: "finish", usage: NO_USAGE, finishReason: { unified: "stop", raw: "stop" } },
  ];
  return {
    specificationVersion: "v3",
    provider: "local",
    modelId: options.modelId ?? "extractive",
    supportedUrls: {},
    async doGenerate() {
      return { content: [{ type: "text", text }], finishReason: { unified: "stop", raw: "stop" }, usage: NO_USAGE, warnings: [] };
    },
    async doStream() {
      return {
        stream: new ReadableStream<LanguageModelV3StreamPart>({
          start(controller) {
            for (const part of parts()) controller.enqueue(part);
            controller.close();
          },
        }),
      };
    },
  };
}
