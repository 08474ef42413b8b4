import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { writeAccessFor } from "../src/auth.js";
import { createApp } from "../src/app.js";
import { createAssistant } from "../src/assistant.js";
import { watchCorpus } from "../src/live/corpus-watcher.js";
import { DocumentLibrary, sanitizeFileName } from "../src/live/document-library.js";
import { LiveIndex } from "../src/live/live-index.js";
import { sha256 } from "../src/corpus/sha256.js";
import { MODEL_WEIGHTS_FILE } from "../src/embed/model-fingerprint.js";
import { MANIFEST_FILE, type Manifest } from "../src/store/manifest.js";
import { BUILD_PHASES, updateIndex } from "../src/store/build-index.js";
import { IndexWriteError } from "../src/store/errors.js";
import { nodeFileSystem, type IndexFileSystem } from "../src/store/index-files.js";
import { loadIndex } from "../src/store/load-index.js";
import { FakeEmbedder } from "./support/fake-embedder.js";

const model = { id: "fake", file: "onnx/model_quantized.onnx", sha256: "0".repeat(64) };
const doc = (title: string, words: string) => `# ${title}\n\n${title} ${words}. It is described here.\n\n## More\n${title} has more ${words}.\n`;
let root: string;
let corpusDir: string;
let indexDir: string;

beforeEach(async () => {
  root = await fs.mkdtemp(path.join(os.tmpdir(), "live-index-test-"));
  corpusDir = path.join(root, "corpus");
  indexDir = path.join(root, "index");
  await fs.mkdir(corpusDir);
  const documents: [string, string][] = [["alpha", "river delta"], ["beta", "mountain pass"], ["gamma", "desert oasis"]];
  for (const [name, words] of documents) await fs.writeFile(path.join(corpusDir, `${name}.md`), doc(name, words));
});
afterEach(() => fs.rm(root, { recursive: true, force: true }));

const update = (options: Partial<Parameters<typeof updateIndex>[0]> = {}) => updateIndex({ corpusDir, indexDir, embedder: new FakeEmbedder(), model, ...options });

describe("incremental updates", () => {
  it("embeds only the texts of an added document and carries the others over", async () => {
    await update();
    await fs.writeFile(path.join(corpusDir, "delta.md"), doc("delta", "harbour crane"));
    const embedder = new FakeEmbedder();
    const result = await update({ embedder });
    expect(result.changes.added).toEqual(["delta.md"]);
    expect(result.reused).toBe(3);
    const embedded = embedder.calls.flat();
    expect(embedded.length).toBe(result.embedded);
    expect(embedded.every((text) => /delta/i.test(text))).toBe(true);
  });

  it("writes nothing when the corpus did not change", async () => {
    const first = await update();
    const again = await update({ embedder: new FakeEmbedder() });
    expect(again.changed).toBe(false);
    expect(again.manifest).toEqual(first.manifest);
  });

  it("gives the same data files as a full build after a removal", async () => {
    await update();
    await fs.rm(path.join(corpusDir, "beta.md"));
    const incremental = await update();
    expect(incremental.changes.removed).toEqual(["beta.md"]);
    const full = await updateIndex({ corpusDir, indexDir: path.join(root, "full"), embedder: new FakeEmbedder(), model });
    expect(incremental.manifest.files).toEqual(full.manifest.files);
  });

  it("answers untouched questions identically across an update and a restart", async () => {
    await update();
    const ask = async () => {
      const assistant = createAssistant({ index: await loadIndex(indexDir), embedder: new FakeEmbedder() });
      return Promise.all(["Where is the river delta?", "What is the mountain pass?"].map((question) => assistant.ask(question)));
    };
    const before = await ask();
    await fs.writeFile(path.join(corpusDir, "zeta.md"), doc("zeta", "volcanic crater"));
    await update();
    expect(await ask()).toEqual(before);
  });
});

describe("starting on an index saved without a lexical file", () => {
  /** A models folder whose weights hash to the fingerprint the index is built with: LiveIndex serves only such an index. */
  async function modelsFolder() {
    const modelsDir = path.join(root, "models");
    const weights = "fake weights";
    await fs.mkdir(path.join(modelsDir, model.id, path.dirname(MODEL_WEIGHTS_FILE)), { recursive: true });
    await fs.writeFile(path.join(modelsDir, model.id, MODEL_WEIGHTS_FILE), weights);
    return { modelsDir, fingerprint: { ...model, sha256: sha256(weights) } };
  }

  it.each([true, false])("serves it, and saves one without embedding when it may update (AUTO_REBUILD=%s)", async (autoRebuild) => {
    const { modelsDir, fingerprint } = await modelsFolder();
    const { manifest } = await update({ model: fingerprint });
    const { lexicalRecipe: _recipe, files: { lexical, ...files }, ...older } = manifest;
    await fs.rm(path.join(indexDir, lexical?.name ?? ""));
    await fs.writeFile(path.join(indexDir, MANIFEST_FILE), JSON.stringify({ ...older, files } satisfies Manifest));

    const embedder = new FakeEmbedder();
    const messages: string[] = [];
    const live = new LiveIndex({ corpusDir, indexDir, modelsDir, modelId: model.id, embedder, createAssistant: (index) => createAssistant({ index, embedder }), autoRebuild, log: (message) => messages.push(message) });
    await live.start();
    await live.whenIdle();
    expect(live.holder.current()).toBeDefined();
    expect(embedder.calls).toEqual([]);
    const after = await loadIndex(indexDir);
    expect(after.lexical !== undefined, messages.join("\n")).toBe(autoRebuild);
    expect(after.manifest.files.passages).toEqual(manifest.files.passages);
  });
});

describe("a crash at every phase of an update", () => {
  const phases = BUILD_PHASES;
  it.each(phases)("leaves the old or the new index after a crash at %s, never a mix", async (phase) => {
    const old = (await update()).manifest;
    await fs.writeFile(path.join(corpusDir, "delta.md"), doc("delta", "harbour crane"));
    const crash = new Error("crash");
    await expect(update({ checkpoint: (at) => { if (at === phase) throw crash; } })).rejects.toBe(crash);
    const loaded = await loadIndex(indexDir);
    const isOld = loaded.manifest.files.passages.name === old.files.passages.name;
    expect(isOld ? old.counts.documents : 4).toBe(loaded.manifest.counts.documents);
    expect(loaded.passages.data.documents.length).toBe(loaded.manifest.counts.documents);
    expect(isOld).toBe(phases.indexOf(phase) < phases.indexOf("published"));
    // And the next update completes it.
    expect((await update()).manifest.counts.documents).toBe(4);
  });
});

describe("a short write", () => {
  it("never publishes a file that does not read back as written", async () => {
    const old = (await update()).manifest;
    await fs.writeFile(path.join(corpusDir, "delta.md"), doc("delta", "harbour crane"));
    const shortWrites: IndexFileSystem = {
      ...nodeFileSystem,
      writeDurably: (file, data) => nodeFileSystem.writeDurably(file, typeof data === "string" ? data.slice(0, data.length >> 1) : data.subarray(0, data.byteLength >> 1)),
    };
    await expect(update({ fileSystem: shortWrites })).rejects.toBeInstanceOf(IndexWriteError);
    expect((await loadIndex(indexDir)).manifest).toEqual(old);
  });

  it("never publishes a graph hnswlib wrote short although its checksum would match", async () => {
    const old = (await update()).manifest;
    await fs.writeFile(path.join(corpusDir, "delta.md"), doc("delta", "harbour crane"));
    const truncatedGraph: IndexFileSystem = {
      ...nodeFileSystem,
      readFile: async (file) => {
        const bytes = await nodeFileSystem.readFile(file);
        return file.includes("hnsw.bin.tmp") ? bytes.subarray(0, bytes.byteLength - 100) : bytes;
      },
    };
    await expect(update({ fileSystem: truncatedGraph })).rejects.toBeInstanceOf(IndexWriteError);
    expect((await loadIndex(indexDir)).manifest).toEqual(old);
  });
});

describe("/documents", () => {
  async function app(access = writeAccessFor({ host: "127.0.0.1", readOnly: false }), uploadMaxBytes = 1024) {
    await update();
    const index = await loadIndex(indexDir);
    let requested = 0;
    const library = new DocumentLibrary(corpusDir, { manifest: index.manifest, requestUpdate: async () => void requested++ });
    return { app: createApp({ assistant: createAssistant({ index, embedder: new FakeEmbedder() }), documents: { library, access, uploadMaxBytes } }), requests: () => requested };
  }
  const upload = (name: string, body: string, headers: Record<string, string> = {}) => {
    const form = new FormData();
    form.append("file", new File([body], name));
    return { method: "POST", body: form, headers };
  };

  it("lists every document with its status", async () => {
    const { app: server } = await app();
    await fs.writeFile(path.join(corpusDir, "notes.xyz"), "x");
    const { documents } = (await (await server.request("/documents")).json()) as { documents: { relativePath: string; status: string; reason?: string; passages: number }[] };
    expect(documents.map((entry) => [entry.relativePath, entry.status])).toEqual([["alpha.md", "indexed"], ["beta.md", "indexed"], ["gamma.md", "indexed"], ["notes.xyz", "skipped"]]);
    expect(documents[0]?.passages).toBeGreaterThan(0);
  });

  it.each(["../../escape.md", "..\\\\..\\\\escape.md", "/etc/passwd.md", "sub/../../escape.md"])("writes an upload named %s inside the corpus folder only", async (name) => {
    const { app: server, requests } = await app();
    const response = await server.request("/documents", upload(name, "# Escape\n\nText.\n"));
    expect(response.status).toBe(201);
    const entry = (await response.json()) as { relativePath: string; status: string };
    expect(entry.status).toBe("pending");
    expect(entry.relativePath).toBe(path.posix.basename(name.replace(/\\/g, "/")));
    expect((await fs.readdir(root)).sort()).toEqual(["corpus", "index"]);
    expect(requests()).toBe(1);
  });

  it("refuses an unsupported type with 415 and an oversized body with 413, as JSON errors", async () => {
    const { app: server } = await app();
    const unsupported = await server.request("/documents", upload("tool.exe", "MZ"));
    expect(unsupported.status).toBe(415);
    expect(((await unsupported.json()) as { error: { code: string } }).error.code).toBe("unsupported_media_type");
    const big = await server.request("/documents", upload("big.md", "x".repeat(4096)));
    expect(big.status).toBe(413);
    expect(((await big.json()) as { error: { code: string } }).error.code).toBe("payload_too_large");
  });

  it("deletes a document's file", async () => {
    const { app: server } = await app();
    expect((await server.request("/documents/beta", { method: "DELETE" })).status).toBe(200);
    expect(await fs.readdir(corpusDir)).not.toContain("beta.md");
    expect((await server.request("/documents/nothing-here", { method: "DELETE" })).status).toBe(404);
  });

  it("needs the bearer token when one is configured, and refuses writes when read-only", async () => {
    const { app: server } = await app(writeAccessFor({ host: "0.0.0.0", apiToken: "a-token-of-sixteen-chars", readOnly: false }));
    expect((await server.request("/documents", upload("a.md", "# A\n\nText.\n"))).status).toBe(401);
    expect((await server.request("/documents", upload("a.md", "# A\n\nText.\n", { Authorization: "Bearer a-token-of-sixteen-chars" }))).status).toBe(201);
    const { app: readOnly } = await app(writeAccessFor({ host: "127.0.0.1", readOnly: true }));
    expect((await readOnly.request("/documents/alpha", { method: "DELETE" })).status).toBe(403);
    expect(() => writeAccessFor({ host: "0.0.0.0", readOnly: false })).toThrow(/API_TOKEN/);
  });

  it("describes every route in /openapi.json", async () => {
    const { app: server } = await app();
    const spec = (await (await server.request("/openapi.json")).json()) as { paths: Record<string, Record<string, unknown>> };
    for (const [route, method] of [["/health", "get"], ["/ask", "post"], ["/api/chat", "post"], ["/documents", "get"], ["/documents", "post"], ["/documents/{id}", "delete"]]) {
      expect(spec.paths[route as string]?.[method as string], `${method} ${route}`).toBeDefined();
    }
  });
});

describe("sanitizeFileName", () => {
  it("keeps the last segment, drops control and special characters and leading dots", () => {
    expect(sanitizeFileName("../../a/b/My Notes.md")).toBe("My Notes.md");
    expect(sanitizeFileName("..\\\\x\\\\.hidden.md")).toBe("hidden.md");
    expect(sanitizeFileName("a\u0000b<>|.md")).toBe("ab.md");
    expect(sanitizeFileName("..")).toBeUndefined();
  });
});

describe("watching the corpus", () => {
  it("reports a burst of 100 file changes as one change", async () => {
    const bursts: string[][] = [];
    const watcher = watchCorpus(corpusDir, { quietMs: 400, maxWaitMs: 10_000, onChange: (paths) => bursts.push(paths) });
    await watcher.ready;
    await Promise.all(Array.from({ length: 100 }, (_, n) => fs.writeFile(path.join(corpusDir, `burst-${n}.md`), doc(`burst${n}`, "words"))));
    for (let waited = 0; waited < 15_000 && bursts.flat().length < 100; waited += 100) await new Promise((resolve) => setTimeout(resolve, 100));
    await watcher.close();
    expect(bursts).toHaveLength(1);
    expect(bursts[0]).toHaveLength(100);
  }, 30_000);
});
