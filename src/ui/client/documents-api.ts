// The /documents API as the page uses it, typed by the server's own schemas (type-only imports:
// nothing of the server is bundled). Writes carry the API token when the user gave one.
import type { z } from "zod";
import type { IndexStatus } from "../../live/assistant-holder.js";
import type { documentEntrySchema, documentListSchema } from "../../routes/documents.js";
import type { errorSchema } from "../../routes/openapi-schemas.js";

export type DocumentEntry = z.infer<typeof documentEntrySchema>;
/** GET /documents; its `indexing` is the server's whole IndexStatus (the schema passes it through). */
export type DocumentList = Omit<z.infer<typeof documentListSchema>, "indexing"> & { indexing: IndexStatus };
type ErrorBody = z.infer<typeof errorSchema>;

/** Kept for this tab only: a token is a credential, and closing the tab forgets it. */
const TOKEN_KEY = "cited-docs:api-token";

export function storedToken(): string {
  return sessionStorage.getItem(TOKEN_KEY) ?? "";
}

export function storeToken(token: string): void {
  if (token) sessionStorage.setItem(TOKEN_KEY, token);
  else sessionStorage.removeItem(TOKEN_KEY);
}

/** A write the server refused or that never reached it, with a message for the user. */
export class WriteError extends Error {
  override name = "WriteError";
  constructor(
    readonly status: number | null,
    message: string,
  ) {
    super(message);
  }
}

async function serverMessage(response: Response): Promise<string | undefined> {
  try {
    const body = (await response.json()) as Partial<ErrorBody>;
    return typeof body.error?.message === "string" ? body.error.message : undefined;
  } catch {
    return undefined;
  }
}

/** What to tell the user about a refused write: the server's own words, with what to do for 401 and 403. */
async function refusal(response: Response): Promise<WriteError> {
  const message = await serverMessage(response);
  switch (response.status) {
    case 401:
      return new WriteError(401, storedToken() ? "The server did not accept the API token (401). Check it and enter it again above." : "This server needs its API token to add or delete documents (401). Enter it above.");
    case 403:
      return new WriteError(403, message ?? "This server is read-only (403): documents can't be added or deleted.");
    default:
      return new WriteError(response.status, message ?? `The server answered ${response.status} ${response.statusText}.`);
  }
}

async function write(url: string, init: RequestInit): Promise<Response> {
  const token = storedToken();
  let response: Response;
  try {
    response = await fetch(url, { ...init, headers: { Accept: "application/json", ...(token ? { Authorization: `Bearer ${token}` } : {}) } });
  } catch (error) {
    throw new WriteError(null, `Could not reach the server (${error instanceof Error ? error.message : String(error)}). Check that it is still running.`);
  }
  if (!response.ok) throw await refusal(response);
  return response;
}

export async function fetchDocuments(): Promise<DocumentList> {
  const response = await fetch("/documents", { headers: { Accept: "application/json" } });
  if (response.status === 404) throw new Error("This server does not list its documents.");
  if (!response.ok) throw new Error((await serverMessage(response)) ?? `GET /documents answered ${response.status}.`);
  return (await response.json()) as DocumentList;
}

/** POST /documents with the file in the multipart field `file`; the entry comes back pending. */
export async function uploadDocument(file: File): Promise<DocumentEntry> {
  const form = new FormData();
  form.append("file", file, file.name);
  return (await (await write("/documents", { method: "POST", body: form })).json()) as DocumentEntry;
}

export async function deleteDocument(id: string): Promise<DocumentEntry> {
  // Ids are slug paths: each segment is encoded, the slashes stay (the route takes the rest of the path).
  const path = id.split("/").map(encodeURIComponent).join("/");
  return (await (await write(`/documents/${path}`, { method: "DELETE" })).json()) as DocumentEntry;
}
