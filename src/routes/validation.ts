import { zValidator } from "@hono/zod-validator";
import type { MiddlewareHandler } from "hono";
import type { z } from "zod";
import { ApiError } from "../http-errors.js";

/** Rejects bodies that are not declared as JSON before anything reads them. */
export const requireJson: MiddlewareHandler = async (context, next) => {
  const type = context.req.header("Content-Type") ?? "";
  if (!/^application\/([\w.+-]+\+)?json\b/i.test(type.trim())) {
    throw new ApiError(415, "unsupported_media_type", "Send the body as JSON with Content-Type: application/json");
  }
  await next();
};

function describe(issues: z.core.$ZodIssue[]): string {
  return issues
    .slice(0, 5)
    .map((issue) => (issue.path.length ? `${issue.path.join(".")}: ${issue.message}` : issue.message))
    .join("; ");
}

/** zod validation of the JSON body; failures become a 400 with every problem named. */
export function jsonBody<Schema extends z.ZodType>(schema: Schema) {
  return zValidator("json", schema, (result) => {
    if (!result.success) throw new ApiError(400, "invalid_request", describe(result.error.issues));
  });
}

export function methodNotAllowed(allowed: string): MiddlewareHandler {
  return async () => {
    throw new ApiError(405, "method_not_allowed", `Use ${allowed} for this path`);
  };
}
