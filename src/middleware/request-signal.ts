import type { MiddlewareHandler } from "hono";
import { runWithSignal } from "../inference/cancellation.js";

/**
 * Runs the rest of the request with an abort signal that fires when the client goes away or the
 * request outlives `timeoutMs`, so the models (in the worker pool) drop its queued work instead of
 * computing answers nobody will read.
 */
export function requestSignal(timeoutMs: number): MiddlewareHandler {
  return (context, next) => {
    const signal = AbortSignal.any([context.req.raw.signal, AbortSignal.timeout(timeoutMs)]);
    return runWithSignal(signal, next);
  };
}
