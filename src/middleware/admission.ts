import type { MiddlewareHandler } from "hono";
import { OverloadedError } from "../http-errors.js";

/** What admission control needs to know about the inference pool. */
export interface Saturation {
  readonly full: boolean;
}

/**
 * Admission control for routes that run models: when the inference queue is full a new question is
 * refused at once with 503 and `Retry-After`, rather than queued without bound behind the others.
 */
export function admission(pool: Saturation): MiddlewareHandler {
  return async (_context, next) => {
    if (pool.full) throw new OverloadedError();
    await next();
  };
}
