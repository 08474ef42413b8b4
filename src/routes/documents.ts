import { Hono } from "hono";
import { describeRoute, resolver } from "hono-openapi";
import { z } from "zod";
import { requireWriteAccess, type WriteAccess } from "../auth.js";
import { DOCUMENT_ID_PATTERN, MAX_ID_LENGTH } from "../corpus/slug.js";
import { ApiError } from "../http-errors.js";
import { UploadError, type DocumentLibrary } from "../live/document-library.js";
import type { IndexStatus } from "../live/assistant-holder.js";
import { errorSchema } from "./openapi-schemas.js";

export const documentEntrySchema = z
  .object({
    id: z.string().describe("The document id (its path below the corpus folder as slugs)"),
    title: z.string(),
    format: z.enum(["markdown", "html", "pdf", "docx", "text", "wiki"]).nullable(),
    relativePath: z.string().describe("Path below the corpus folder, with / separators"),
    size: z.number().int().describe("Bytes"),
    passages: z.number().int().describe("Passages in the index (0 until indexed)"),
    indexedAt: z.string().nullable(),
    status: z.enum(["indexed", "pending", "skipped"]),
    reason: z.string().optional().describe("Why a skipped file was not indexed (unsupported, binary, empty, too-large, no-text-layer, …)"),
    detail: z.string().optional(),
  })
  .meta({ id: "DocumentEntry" });

export const documentListSchema = z
  .object({
    documents: z.array(documentEntrySchema),
    indexing: z.object({ state: z.enum(["starting", "indexing", "idle"]), ready: z.boolean() }).passthrough(),
    writes: z.enum(["open", "token", "read-only"]).describe("Whether upload and delete are open, need the bearer token (API_TOKEN), or are off (READ_ONLY)"),
  })
  .meta({ id: "DocumentList" });

const json = (schema: z.ZodType, description: string) => ({ description, content: { "application/json": { schema: resolver(schema) } } });
const failure = (description: string) => json(errorSchema, description);

export interface DocumentRoutesOptions {
  library: DocumentLibrary;
  status: () => IndexStatus;
  access: WriteAccess;
  uploadMaxBytes: number;
}

function idOr404(id: string): string {
  if (id.length > MAX_ID_LENGTH || !DOCUMENT_ID_PATTERN.test(id)) throw new ApiError(404, "not_found", `No document with id "${id.slice(0, 80)}"`);
  return id;
}

/** GET /documents (every file with its status), POST /documents (multipart upload), DELETE /documents/:id. */
export function documentRoutes({ library, status, access, uploadMaxBytes }: DocumentRoutesOptions) {
  const write = requireWriteAccess(access);
  return new Hono()
    .get("/", describeRoute({ summary: "List the corpus: every file with its status, passages and skip reason, and indexing progress", tags: ["documents"], responses: { 200: json(documentListSchema, "The documents") } }), async (context) =>
      context.json({ documents: await library.list(), indexing: status(), writes: access.mode }),
    )
    .post(
      "/",
      describeRoute({
        summary: "Upload a document into the corpus folder; it is indexed in the background (status pending)",
        tags: ["documents"],
        security: [{ bearer: [] }],
        requestBody: { required: true, content: { "multipart/form-data": { schema: { type: "object", required: ["file"], properties: { file: { type: "string", format: "binary" } } } } } },
        responses: {
          201: json(documentEntrySchema, "Written into the corpus folder; indexing follows"),
          400: failure("No file field, or an unusable name"),
          401: failure("A token is required (Authorization: Bearer …)"),
          403: failure("The server is read-only"),
          409: failure("A file of that name exists"),
          413: failure(`Larger than UPLOAD_MAX_BYTES (${uploadMaxBytes} bytes here)`),
          415: failure("Not a supported document type"),
        },
      }),
      write,
      async (context) => {
        if (!/^multipart\/form-data\b/i.test(context.req.header("Content-Type") ?? "")) {
          throw new ApiError(415, "unsupported_media_type", "Send the file as multipart/form-data in a field named file");
        }
        const form = await context.req.parseBody().catch(() => {
          throw new ApiError(400, "invalid_request", "The multipart body could not be read");
        });
        const file = form.file;
        if (!(file instanceof File)) throw new ApiError(400, "invalid_request", "Send the document in a multipart field named file");
        if (file.size > uploadMaxBytes) throw new ApiError(413, "payload_too_large", `The file must be at most ${uploadMaxBytes} bytes (UPLOAD_MAX_BYTES)`);
        try {
          return context.json(await library.add(file.name, new Uint8Array(await file.arrayBuffer())), 201);
        } catch (error) {
          if (!(error instanceof UploadError)) throw error;
          const statusFor = { unsupported: 415, exists: 409, "invalid-name": 400 } as const;
          throw new ApiError(statusFor[error.kind], error.kind === "unsupported" ? "unsupported_media_type" : error.kind === "exists" ? "conflict" : "invalid_request", error.message);
        }
      },
    )
    .delete(
      "/:id{.+}",
      describeRoute({
        summary: "Delete a document's file from the corpus folder; its passages leave the index with the next update",
        tags: ["documents"],
        security: [{ bearer: [] }],
        responses: { 200: json(documentEntrySchema, "Deleted (status pending until the index is updated)"), 401: failure("Token required"), 403: failure("Read-only"), 404: failure("No such document") },
      }),
      write,
      async (context) => {
        const removed = await library.remove(idOr404(context.req.param("id")));
        if (!removed) throw new ApiError(404, "not_found", `No document with id "${context.req.param("id").slice(0, 80)}"`);
        return context.json(removed);
      },
    );
}
