import type { Context } from "hono";
import { HTTPException } from "hono/http-exception";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import { QueueFullError } from "./inference/admission-queue.js";
import { RETRY_AFTER_SECONDS } from "./limits.js";

/** A client-facing error with a stable machine-readable code, and any headers it needs (`Allow`, `Retry-After`). */
export class ApiError extends HTTPException {
  constructor(
    status: ContentfulStatusCode,
    readonly code: string,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(status, { message });
  }
}

const CODE_FOR_STATUS: Record<number, string> = {
  400: "bad_request",
  404: "not_found",
  405: "method_not_allowed",
  408: "timeout",
  413: "payload_too_large",
  415: "unsupported_media_type",
  421: "misdirected_request",
  503: "unavailable",
  504: "timeout",
};

/** 503 with `Retry-After`: the inference queue is full (admission control, or a task refused mid-request). */
export class OverloadedError extends ApiError {
  constructor() {
    super(503, "overloaded", `The server is busy answering other questions; try again in ${RETRY_AFTER_SECONDS} s`, { "Retry-After": String(RETRY_AFTER_SECONDS) });
  }
}

/** Failures that are not bugs: the system was busy, or the request's own signal ended its work. */
function expectedFailure(error: Error): ApiError | undefined {
  if (error instanceof QueueFullError) return new OverloadedError();
  // The request's abort signal (see middleware/request-signal.ts): its deadline passed, or its client left.
  if (error.name === "TimeoutError") return new ApiError(504, "timeout", "The request took too long");
  if (error.name === "AbortError") return new ApiError(503, "cancelled", "The request was cancelled");
  return undefined;
}

/** The single place where any thrown error becomes the JSON error shape; a 500 never shows its cause. */
export function errorResponse(error: Error, context: Context, log?: (message: string, error: unknown) => void): Response {
  const known = error instanceof HTTPException ? error : expectedFailure(error);
  if (known && known.status !== 500) {
    const code = known instanceof ApiError ? known.code : (CODE_FOR_STATUS[known.status] ?? (known.status < 500 ? "bad_request" : "unavailable"));
    const message = known.message || "Bad request";
    const response = context.json({ error: { code, message } }, known.status as ContentfulStatusCode);
    const headers = { ...(known instanceof ApiError ? known.headers : {}) };
    const allow = known.res?.headers.get("Allow");
    if (allow) headers.Allow = allow;
    if (known.status === 503 && !headers["Retry-After"]) headers["Retry-After"] = String(RETRY_AFTER_SECONDS);
    for (const [name, value] of Object.entries(headers)) response.headers.set(name, value);
    return response;
  }
  // The request log (middleware/request-log.ts) writes the cause with the request's line.
  context.set("failure", error);
  log?.(`${context.req.method} ${context.req.path} failed:`, error);
  return context.json({ error: { code: "internal_error", message: "Internal server error" } }, 500);
}
