import fs from "node:fs/promises";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { createApp } from "../src/app.js";
import { createAssistant } from "../src/assistant.js";
import { writeAccessFor, type WriteAccess } from "../src/auth.js";
import { DocumentLibrary } from "../src/live/document-library.js";
import { updateIndex } from "../src/store/build-index.js";
import { loadIndex } from "../src/store/load-index.js";
import { deleteDocument, fetchDocuments, storeToken, uploadDocument, WriteError } from "../src/ui/client/documents-api.js";
import { FakeEmbedder } from "./support/fake-embedder.js";
import { FAKE_MODEL, makeSmallCorpus } from "./support/small-corpus.js";

/**
 * The page's /documents client (src/ui/client/documents-api.ts) against the real routes: the
 * browser's fetch is the app's own request handler, sessionStorage an in-memory map.
 */
let root: string;
let corpusDir: string;

beforeEach(async () => {
  ({ root, corpusDir } = await makeSmallCorpus("documents-client-test-"));
  const items = new Map<string, string>();
  vi.stubGlobal("sessionStorage", { getItem: (key: string) => items.get(key) ?? null, setItem: (key: string, value: string) => items.set(key, value), removeItem: (key: string) => items.delete(key) });
});
afterEach(async () => {
  vi.unstubAllGlobals();
  await fs.rm(root, { recursive: true, force: true });
});

async function serve(access: WriteAccess, uploadMaxBytes = 4096): Promise<void> {
  const indexDir = path.join(root, "index");
  await updateIndex({ corpusDir, indexDir, embedder: new FakeEmbedder(), model: FAKE_MODEL });
  const index = await loadIndex(indexDir);
  const library = new DocumentLibrary(corpusDir, { manifest: index.manifest, requestUpdate: async () => {} });
  const app = createApp({ assistant: createAssistant({ index, embedder: new FakeEmbedder() }), documents: { library, access, uploadMaxBytes } });
  vi.stubGlobal("fetch", (input: string, init?: RequestInit) => app.request(input, init));
}

const open = writeAccessFor({ host: "127.0.0.1", readOnly: false });
const TOKEN = "a-token-of-sixteen-chars";

describe("the documents panel's client", () => {
  it("lists the documents with the indexing state and whether writes are open", async () => {
    await serve(open);
    const list = await fetchDocuments();
    expect(list.writes).toBe("open");
    expect(list.indexing.state).toBe("idle");
    expect(list.documents.map((entry) => [entry.relativePath, entry.status])).toEqual([["alpha.md", "indexed"], ["beta.md", "indexed"], ["gamma.md", "indexed"]]);
  });

  it("uploads in the multipart field the server reads, and deletes by id", async () => {
    await serve(open);
    const entry = await uploadDocument(new File(["# Delta\n\nDelta text.\n"], "delta.md"));
    expect(entry).toMatchObject({ relativePath: "delta.md", status: "pending" });
    expect(await fs.readFile(path.join(corpusDir, "delta.md"), "utf8")).toBe("# Delta\n\nDelta text.\n");
    expect((await deleteDocument(entry.id)).relativePath).toBe("delta.md");
    expect(await fs.readdir(corpusDir)).not.toContain("delta.md");
  });

  it("deletes a document in a subfolder (an id with slashes)", async () => {
    await fs.mkdir(path.join(corpusDir, "Guides"));
    await fs.writeFile(path.join(corpusDir, "Guides", "Getting Started.md"), "# Start\n\nText.\n");
    await serve(open);
    const entry = (await fetchDocuments()).documents.find((candidate) => candidate.relativePath === "Guides/Getting Started.md");
    expect(entry?.id).toBe("guides/getting-started");
    await deleteDocument(entry?.id as string);
    expect(await fs.readdir(path.join(corpusDir, "Guides"))).toEqual([]);
  });

  it("passes on the server's message for 415 and 413", async () => {
    await serve(open, 64);
    await expect(uploadDocument(new File(["MZ"], "tool.exe"))).rejects.toThrow(/^"tool\.exe" is not a supported type/);
    await expect(uploadDocument(new File(["x".repeat(100)], "big.md"))).rejects.toMatchObject({ status: 413, message: expect.stringMatching(/at most 64 bytes/) });
  });

  it("says a token is needed on 401, that it was refused when one was given, and sends it as a bearer token", async () => {
    await serve(writeAccessFor({ host: "127.0.0.1", apiToken: TOKEN, readOnly: false }));
    expect((await fetchDocuments()).writes).toBe("token");
    const file = () => new File(["# A\n\nText.\n"], "a.md");
    await expect(uploadDocument(file())).rejects.toMatchObject({ status: 401, message: expect.stringMatching(/needs its API token/) });
    storeToken("wrong-token-of-enough-length");
    await expect(uploadDocument(file())).rejects.toMatchObject({ status: 401, message: expect.stringMatching(/did not accept the API token/) });
    storeToken(TOKEN);
    expect((await uploadDocument(file())).status).toBe("pending");
  });

  it("says when the server is read-only or cannot be reached", async () => {
    await serve(writeAccessFor({ host: "127.0.0.1", readOnly: true }));
    expect((await fetchDocuments()).writes).toBe("read-only");
    await expect(deleteDocument("alpha")).rejects.toMatchObject({ status: 403, message: expect.stringMatching(/read-only/) });
    vi.stubGlobal("fetch", () => Promise.reject(new TypeError("Failed to fetch")));
    const failure = await deleteDocument("alpha").catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(WriteError);
    expect(failure).toMatchObject({ status: null, message: expect.stringMatching(/^Could not reach the server \(Failed to fetch\)/) });
  });
});
