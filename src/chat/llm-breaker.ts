/** What /health and the page header report about the optional LLM. */
export interface LlmHealth {
  state: "ready" | "cooling-down";
  /** Failures in a row (errors and timeouts; a rejected answer is not a failure of the provider). */
  consecutiveFailures: number;
  /** While cooling down: when the LLM is tried again (ISO time). */
  retryAt?: string;
  lastFailure?: string;
}

/**
 * A circuit breaker around the LLM provider: after `threshold` failures in a row it is skipped for
 * `coolDownMs`, so an endpoint that is down or hangs costs one timeout per cool-down, not one per
 * question. The first question after the cool-down tries it again (half-open): a success closes the
 * breaker, a failure opens it for another cool-down.
 */
export class LlmBreaker {
  private failures = 0;
  private openUntil = 0;
  private lastFailure: string | undefined;

  constructor(
    private readonly options: { threshold: number; coolDownMs: number; now?: () => number },
  ) {}

  private now(): number {
    return this.options.now?.() ?? Date.now();
  }

  /** False while cooling down: answer extractively without calling the LLM. */
  allows(): boolean {
    return this.now() >= this.openUntil;
  }

  succeeded(): void {
    this.failures = 0;
    this.openUntil = 0;
  }

  failed(cause: string): void {
    this.failures++;
    this.lastFailure = cause;
    if (this.failures >= this.options.threshold) this.openUntil = this.now() + this.options.coolDownMs;
  }

  health(): LlmHealth {
    const coolingDown = !this.allows();
    return {
      state: coolingDown ? "cooling-down" : "ready",
      consecutiveFailures: this.failures,
      ...(coolingDown ? { retryAt: new Date(this.openUntil).toISOString() } : {}),
      ...(this.lastFailure ? { lastFailure: this.lastFailure } : {}),
    };
  }
}
