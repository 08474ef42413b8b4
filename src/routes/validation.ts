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

/** `messages[0].parts` for the path `["messages", 0, "parts"]`. */
function fieldName(path: PropertyKey[]): string {
  return path.map((key, index) => (typeof key === "number" ? `[${key}]` : `${index ? "." : ""}${String(key)}`)).join("");
}

const TYPE_NAMES: Record<string, string> = { string: "text", number: "a number", int: "a whole number", array: "a list", object: "an object", boolean: "true or false" };

/** One validation problem as a sentence a person can act on (zod's own wording names validator internals). */
export function sentenceFor(issue: z.core.$ZodIssue): string {
  const field = issue.path.length ? fieldName(issue.path) : "The body";
  let sentence: string;
  if (!/^(Invalid|Too (big|small)|Unrecognized)/.test(issue.message)) sentence = issue.message;
  else if (issue.code === "invalid_type") sentence = issue.input === undefined ? `${field} is missing` : `${field} must be ${TYPE_NAMES[issue.expected] ?? issue.expected}`;
  else if (issue.code === "too_big") sentence = `${field} must be at most ${String(issue.maximum)}${issue.origin === "string" ? " characters" : issue.origin === "array" ? " items" : ""}`;
  else if (issue.code === "too_small") sentence = `${field} must be at least ${String(issue.minimum)}${issue.origin === "string" ? " characters" : issue.origin === "array" ? " items" : ""}`;
  else if (issue.code === "invalid_value") sentence = `${field} must be one of ${issue.values.map((value) => JSON.stringify(value)).join(", ")}`;
  else if (issue.code === "unrecognized_keys") sentence = `Unknown field${issue.keys.length === 1 ? "" : "s"}: ${issue.keys.join(", ")}`;
  else sentence = `${field} is not valid`;
  sentence = sentence.charAt(0).toUpperCase() + sentence.slice(1);
  return /[.!?]$/.test(sentence) ? sentence : `${sentence}.`;
}

/** The first few problems, as sentences. */
export function describeIssues(issues: z.core.$ZodIssue[]): string {
  return issues.slice(0, 5).map(sentenceFor).join(" ");
}

/** zod validation of the JSON body; failures become a 400 with every problem named. */
export function jsonBody<Schema extends z.ZodType>(schema: Schema) {
  return zValidator("json", schema, (result) => {
    if (!result.success) throw new ApiError(400, "invalid_request", describeIssues(result.error.issues));
  });
}

export function methodNotAllowed(allowed: string): MiddlewareHandler {
  return async () => {
    throw new ApiError(405, "method_not_allowed", `Use ${allowed} for this path`, { Allow: allowed });
  };
}
