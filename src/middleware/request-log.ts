import { randomUUID } from "node:crypto";
import type { MiddlewareHandler } from "hono";
import type { Logger } from "../logger.js";

declare module "hono" {
  interface ContextVariableMap {
    /** This request's id: the client's `X-Request-Id` when it is well-formed, a fresh UUID otherwise. */
    requestId: string;
    /** The error behind a 5xx, set where errors become responses (http-errors.ts), logged here. */
    failure: unknown;
  }
}

const CLIENT_REQUEST_ID = /^[\w.:-]{1,64}$/;

/**
 * Gives every request an id (echoed in `X-Request-Id`) and logs every 4xx and 5xx as one structured
 * line: request id, method, path, status, duration and, for a 5xx, the cause. Successful requests
 * are not logged; under load they would be most of the log and say nothing.
 */
export function requestLog(logger: Logger): MiddlewareHandler {
  return async (context, next) => {
    const began = performance.now();
    const given = context.req.header("X-Request-Id");
    const requestId = given && CLIENT_REQUEST_ID.test(given) ? given : randomUUID();
    context.set("requestId", requestId);
    await next();
    context.header("X-Request-Id", requestId);
    const status = context.res.status;
    if (status < 400) return;
    const line = { requestId, method: context.req.method, path: context.req.path, status, durationMs: Math.round((performance.now() - began) * 10) / 10 };
    if (status >= 500) logger.error({ ...line, cause: context.get("failure") }, "request failed");
    else logger.warn(line, "request refused");
  };
}
