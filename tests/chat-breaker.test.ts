import { describe, expect, it } from "vitest";
import { LlmBreaker } from "../src/chat/llm-breaker.js";

describe("LlmBreaker", () => {
  it("opens after the threshold of failures in a row, for the cool-down, then lets one try through", () => {
    let now = 1_000_000;
    const breaker = new LlmBreaker({ threshold: 2, coolDownMs: 60_000, now: () => now });
    breaker.failed("ECONNREFUSED");
    expect(breaker.allows()).toBe(true);
    breaker.failed("ECONNREFUSED");
    expect(breaker.allows()).toBe(false);
    expect(breaker.health()).toEqual({ state: "cooling-down", consecutiveFailures: 2, retryAt: new Date(now + 60_000).toISOString(), lastFailure: "ECONNREFUSED" });
    now += 60_000;
    expect(breaker.allows()).toBe(true);
    // Half-open: one more failure opens it again at once.
    breaker.failed("timeout");
    expect(breaker.allows()).toBe(false);
  });

  it("closes again on a success", () => {
    const breaker = new LlmBreaker({ threshold: 2, coolDownMs: 60_000 });
    breaker.failed("x");
    breaker.succeeded();
    breaker.failed("x");
    expect(breaker.allows()).toBe(true);
    expect(breaker.health()).toMatchObject({ state: "ready", consecutiveFailures: 1 });
  });
});
