import type { Context } from "hono";
import { HTTPException } from "hono/http-exception";
import type { ContentfulStatusCode } from "hono/utils/http-status";

/** A client-facing error with a stable machine-readable code. */
export class ApiError extends HTTPException {
  constructor(
    status: ContentfulStatusCode,
    readonly code: string,
    message: string,
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
  503: "unavailable",
  504: "timeout",
};

/** The single place where any thrown error becomes the JSON error shape; a 500 never shows its cause. */
export function errorResponse(error: Error, context: Context, log: (message: string, error: unknown) => void = console.error): Response {
  if (error instanceof HTTPException && error.status < 500) {
    const code = error instanceof ApiError ? error.code : (CODE_FOR_STATUS[error.status] ?? "bad_request");
    const message = error.message || "Bad request";
    const response = context.json({ error: { code, message } }, error.status);
    const allow = error.res?.headers.get("Allow");
    if (allow) response.headers.set("Allow", allow);
    return response;
  }
  if (error instanceof HTTPException && error.status !== 500) {
    return context.json({ error: { code: CODE_FOR_STATUS[error.status] ?? "unavailable", message: error.message } }, error.status);
  }
  log(`${context.req.method} ${context.req.path} failed:`, error);
  return context.json({ error: { code: "internal_error", message: "Internal server error" } }, 500);
}
