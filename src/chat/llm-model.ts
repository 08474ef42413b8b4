import { createOpenAICompatible } from "@ai-sdk/openai-compatible";
import type { LanguageModel } from "ai";
import type { Config } from "../config.js";

/**
 * The optional answer-writing LLM: any OpenAI-compatible chat endpoint (OpenAI, Ollama, llama.cpp,
 * vLLM). Absent unless LLM_BASE_URL and LLM_MODEL are set.
 */
export function createLlmModel(llm: Pick<NonNullable<Config["llm"]>, "baseURL" | "apiKey" | "model">): LanguageModel {
  const provider = createOpenAICompatible({ name: "llm", baseURL: llm.baseURL, ...(llm.apiKey ? { apiKey: llm.apiKey } : {}) });
  return provider.chatModel(llm.model);
}
