import type { Hono } from "hono";
import { describeRoute, openAPIRouteHandler, resolver } from "hono-openapi";
import type { z } from "zod";
import { chatRequestSchema } from "../chat/conversation.js";
import { askSchema } from "./ask.js";
import { answerSchema, errorSchema, healthSchema, passageSchema, sourceSchema } from "./openapi-schemas.js";

const json = (schema: z.ZodType, description: string) => ({ description, content: { "application/json": { schema: resolver(schema) } } });
const failure = (description: string) => json(errorSchema, description);
const indexing = failure("No index has been built yet (Retry-After says when to try again)");

/**
 * The descriptions of the routes that read the index. They sit where app.ts registers those routes
 * (the handlers live in one app per index, see live/index-bound.ts), built from the same zod
 * schemas the handlers validate with.
 */
export const describeIndexRoutes = {
  health: describeRoute({
    summary: "Whether the server answers: 200 with the index's model and counts, 503 with indexing progress until a first index exists",
    tags: ["service"],
    responses: { 200: json(healthSchema, "An index is loaded"), 503: json(healthSchema, "The first index is being built") },
  }),
  ask: describeRoute({
    summary: "Answer one question from the documents, with [n] citations of the paragraphs used",
    tags: ["answers"],
    requestBody: { required: true, content: { "application/json": { schema: resolver(askSchema) } } },
    responses: { 200: json(answerSchema, "The answer, or an abstention"), 400: failure("Invalid body"), 413: failure("Body too large"), 415: failure("Not JSON"), 503: indexing, 504: failure("Timed out") },
  }),
  chat: describeRoute({
    summary: "The Vercel AI SDK chat protocol: answers as a UI message stream (server-sent events) with source-url and data-citations parts",
    tags: ["answers"],
    requestBody: { required: true, content: { "application/json": { schema: resolver(chatRequestSchema) } } },
    responses: { 200: { description: "text/event-stream of UI message chunks", content: { "text/event-stream": { schema: { type: "string" } } } }, 400: failure("Invalid body"), 413: failure("Body too large"), 503: indexing },
  }),
  source: describeRoute({
    summary: "A document: HTML with every paragraph an element whose id is the paragraph id, or JSON with Accept: application/json",
    tags: ["sources"],
    parameters: [{ name: "docId", in: "path", required: true, schema: { type: "string" } }],
    responses: { 200: { ...json(sourceSchema, "The document"), content: { "application/json": { schema: resolver(sourceSchema) }, "text/html": { schema: { type: "string" } } } }, 404: failure("No such document"), 503: indexing },
  }),
  passage: describeRoute({
    summary: "One paragraph with the previous and next paragraphs of its document",
    tags: ["sources"],
    parameters: [{ name: "id", in: "path", required: true, schema: { type: "string" } }],
    responses: { 200: json(passageSchema, "The paragraph and its neighbours"), 404: failure("No such paragraph"), 503: indexing },
  }),
  /** The catch-alls that answer 405 for other methods are not operations of their own. */
  hidden: describeRoute({ hide: true }),
};

/** GET /openapi.json: the OpenAPI 3.1 description of every route of `app`, generated from the zod schemas. */
export function openApiRoute(app: Hono) {
  return openAPIRouteHandler(app, {
    documentation: {
      info: {
        title: "Cited Docs Chat",
        version: "0.1.0",
        description:
          "Answers questions from a folder of documents with a citation of the paragraph behind every sentence. Writes (upload, delete) are open without a token only while the server listens on a loopback address; otherwise they need Authorization: Bearer <API_TOKEN>, and READ_ONLY=true turns them off.",
      },
      components: { securitySchemes: { bearer: { type: "http", scheme: "bearer", description: "API_TOKEN" } } },
    },
    // The page and its assets are routes too; they carry no schema of their own.
    includeEmptyPaths: true,
    exclude: ["/openapi.json"],
  });
}
