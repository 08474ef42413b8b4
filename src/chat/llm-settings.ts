import type { LanguageModel } from "ai";
import { LlmBreaker } from "./llm-breaker.js";

/** Bounds on one LLM answer, and the breaker shared by all of them. */
export interface LlmSettings {
  model: LanguageModel;
  /** The whole answer, first token to last. */
  timeoutMs: number;
  /** Until the first token, and between two tokens: a hung endpoint is given up on this soon. */
  firstTokenTimeoutMs: number;
  maxOutputTokens: number;
  /** The model's context window: the prompt is cut to fit beside `maxOutputTokens`. */
  contextTokens: number;
  breaker: LlmBreaker;
}

/** The defaults config.ts reads its environment defaults from. */
export const LLM_DEFAULTS = {
  timeoutMs: 30_000,
  firstTokenTimeoutMs: 8_000,
  maxOutputTokens: 400,
  contextTokens: 4_096,
  /** Failures in a row before the LLM is skipped for a cool-down. */
  failureThreshold: 3,
  coolDownMs: 60_000,
} as const;

/** Settings with the defaults filled in (tests and main.ts). */
export function llmSettings(model: LanguageModel, overrides: Partial<Omit<LlmSettings, "model" | "breaker">> & { failureThreshold?: number; coolDownMs?: number } = {}): LlmSettings {
  const { failureThreshold = LLM_DEFAULTS.failureThreshold, coolDownMs = LLM_DEFAULTS.coolDownMs, ...bounds } = overrides;
  return {
    model,
    timeoutMs: bounds.timeoutMs ?? LLM_DEFAULTS.timeoutMs,
    firstTokenTimeoutMs: bounds.firstTokenTimeoutMs ?? LLM_DEFAULTS.firstTokenTimeoutMs,
    maxOutputTokens: bounds.maxOutputTokens ?? LLM_DEFAULTS.maxOutputTokens,
    contextTokens: bounds.contextTokens ?? LLM_DEFAULTS.contextTokens,
    breaker: new LlmBreaker({ threshold: failureThreshold, coolDownMs }),
  };
}
