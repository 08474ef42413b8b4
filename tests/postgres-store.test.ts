import { copyFile, mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import type pg from "pg";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { UploadError } from "../src/live/document-library.js";
import { Retriever } from "../src/retrieve/retriever.js";
import type { LoadedIndex } from "../src/store/load-index.js";
import { createPool } from "../src/store/postgres/database.js";
import { importFolder } from "../src/store/postgres/import-folder.js";
import { importUpload } from "../src/store/postgres/import-upload.js";
import { loadSnapshot } from "../src/store/postgres/load-snapshot.js";
import { migrate } from "../src/store/postgres/migrate.js";
import { postgresStore } from "../src/store/postgres/postgres-store.js";
import { denseSearch, lexicalSearch } from "../src/store/postgres/sql-search.js";
import { fileStore, type CorpusStore } from "../src/store/store.js";
import { PaddedFakeEmbedder, startTestDatabase, type TestDatabase } from "./support/postgres-database.js";

const model = { id: "fake", file: "onnx/model_quantized.onnx", sha256: "0".repeat(64) };
const doc = (title: string, words: string) => `# ${title}\n\n${title} ${words}. It is described here.\n\n## More\n${title} has more ${words}.\n`;
const fixtures = path.resolve("tests/fixtures");

let database: TestDatabase;
let pool: pg.Pool;
let root: string;
let corpusDir: string;

beforeAll(async () => {
  database = await startTestDatabase();
  pool = createPool({ url: database.url, poolMax: 4 });
  await migrate(pool);
}, 60_000);
afterAll(async () => {
  await pool.end();
  await database.close();
});

beforeEach(async () => {
  // One database for the file: each test starts from an empty corpus in it.
  await pool.query("TRUNCATE documents, skipped_files, embedding_cache CASCADE");
  await pool.query("UPDATE corpus_state SET generation = 0, model_sha256 = NULL");
  root = await mkdtemp(path.join(os.tmpdir(), "postgres-store-"));
  corpusDir = path.join(root, "corpus");
  await mkdir(path.join(corpusDir, "guides"), { recursive: true });
  await writeFile(path.join(corpusDir, "alpha.md"), doc("alpha", "river delta"));
  await writeFile(path.join(corpusDir, "guides", "beta.md"), doc("beta", "mountain pass"));
  await writeFile(path.join(corpusDir, "notes.bin"), Buffer.from([0, 1, 2, 3]));
  for (const name of ["features.md", "report.pdf", "article.html"]) await copyFile(path.join(fixtures, name), path.join(corpusDir, name));
  return () => rm(root, { recursive: true, force: true });
});

const stores = (): { file: CorpusStore; postgres: CorpusStore } => ({ file: fileStore(path.join(root, "index")), postgres: postgresStore(pool) });
const withoutTimes = (index: LoadedIndex) => index.manifest.documents.map(({ indexedAt: _indexedAt, ...record }) => record);

async function importBoth(embedder = new PaddedFakeEmbedder()) {
  const { file, postgres } = stores();
  const results = { file: await file.importFolder({ corpusDir, embedder, model }), postgres: await postgres.importFolder({ corpusDir, embedder, model }) };
  return { results, file: await file.load(model), postgres: await postgres.load(model) };
}

function expectSameIndex(file: LoadedIndex, postgres: LoadedIndex): void {
  expect(postgres.passages.data).toEqual(file.passages.data);
  expect(withoutTimes(postgres)).toEqual(withoutTimes(file));
  expect(postgres.manifest.skipped).toEqual(file.manifest.skipped);
  expect(postgres.manifest.counts).toEqual(file.manifest.counts);
  expect(postgres.sentenceVectors).toEqual(file.sentenceVectors);
  expect(postgres.vectors.count).toBe(file.vectors.count);
}

describe("the Postgres store against the file store (one contract)", () => {
  it("holds the same documents, passages, skipped files and vectors for the same corpus", async () => {
    const { results, file, postgres } = await importBoth();
    expect(results.postgres.changes).toEqual(results.file.changes);
    expect(results.postgres.embedded).toBe(results.file.embedded);
    expectSameIndex(file, postgres);
    expect(postgres.manifest.documents.map((record) => record.format).sort()).toEqual(["html", "markdown", "markdown", "markdown", "pdf"]);
    expect(postgres.manifest.skipped.map((record) => record.relativePath)).toEqual(["notes.bin"]);
  });

  it("gives the same retrieval results, so answering reads either store alike", async () => {
    const embedder = new PaddedFakeEmbedder();
    const { file, postgres } = await importBoth(embedder);
    for (const query of ["river delta", "mountain pass", "install fastify with npm", "What does the report say?"]) {
      const [fromFile, fromPostgres] = await Promise.all([new Retriever(file, embedder).retrieve(query, { k: 8 }), new Retriever(postgres, embedder).retrieve(query, { k: 8 })]);
      expect(fromPostgres.paragraphs).toEqual(fromFile.paragraphs);
    }
  });

  it("stays equal to the file store through an edit, an addition and a removal, embedding only what changed", async () => {
    await importBoth();
    await writeFile(path.join(corpusDir, "alpha.md"), doc("alpha", "river estuary"));
    await writeFile(path.join(corpusDir, "gamma.md"), doc("gamma", "desert oasis"));
    await rm(path.join(corpusDir, "guides", "beta.md"));
    const embedder = new PaddedFakeEmbedder();
    const { results, file, postgres } = await importBoth(embedder);
    expect(results.postgres.changes).toEqual(results.file.changes);
    expect(results.postgres.changes).toMatchObject({ added: ["gamma.md"], changed: ["alpha.md"] });
    expect(results.postgres.changes.removed).toContain("guides/beta.md");
    expect(results.postgres.reused).toBe(3);
    // Both stores embedded the new texts once each, and only texts of the edited or added document.
    const embedded = embedder.calls.flat();
    expect(embedded.length).toBe(results.postgres.embedded + results.file.embedded);
    expect(embedded.every((text) => /^(alpha|gamma)\b/.test(text))).toBe(true);
    expectSameIndex(file, postgres);
  });

  it("does nothing when the folder did not change", async () => {
    await importBoth();
    const again = await stores().postgres.importFolder({ corpusDir, embedder: new PaddedFakeEmbedder(), model });
    expect(again.changed).toBe(false);
    expect(again.embedded).toBe(0);
  });
});

describe("Postgres store writes", () => {
  const importInto = (options: Partial<Parameters<typeof importFolder>[0]> = {}) => importFolder({ pool, corpusDir, embedder: new PaddedFakeEmbedder(), model, ...options });
  const alphaRows = async () => (await pool.query("SELECT text FROM passages WHERE document_id = 'alpha' ORDER BY position")).rows.map((row) => row.text as string);

  it("writes a document's passages and vectors in one transaction: a failure before commit leaves the old version whole", async () => {
    await importInto();
    const before = await loadSnapshot(pool, { model });
    const rowsBefore = await alphaRows();
    await writeFile(path.join(corpusDir, "alpha.md"), doc("alpha", "river estuary with a longer story") + "\n## Later\nA third section of alpha.\n");
    await expect(importInto({ beforeCommit: (relativePath) => {
      if (relativePath === "alpha.md") throw new Error("crash before commit");
    } })).rejects.toThrow("crash before commit");
    const after = await loadSnapshot(pool, { model });
    expect(after.generation).toBe(before.generation);
    expect(await alphaRows()).toEqual(rowsBefore);
    expect(after.index.passages.data).toEqual(before.index.passages.data);
    expect(after.index.sentenceVectors).toEqual(before.index.sentenceVectors);
    // The vectors made before the crash are in the shared cache: the retry embeds nothing.
    const retry = new PaddedFakeEmbedder();
    const result = await importInto({ embedder: retry });
    expect(result.changes.changed).toEqual(["alpha.md"]);
    expect(retry.calls.flat()).toEqual([]);
    expect((await alphaRows()).join(" ")).toMatch(/third section/);
  });

  it("reloads only the documents written since the previous snapshot, and gets what a full load gets", async () => {
    await importInto();
    const before = await loadSnapshot(pool, { model });
    await writeFile(path.join(corpusDir, "alpha.md"), doc("alpha", "river estuary"));
    await rm(path.join(corpusDir, "article.html"));
    await importInto();
    const incremental = await loadSnapshot(pool, { model, previous: before });
    const full = await loadSnapshot(pool, { model });
    expect(incremental.pieces.get("guides/beta")).toBe(before.pieces.get("guides/beta"));
    expect(incremental.pieces.get("alpha")).not.toBe(before.pieces.get("alpha"));
    expect(incremental.pieces.has("article")).toBe(false);
    expect(incremental.index.passages.data).toEqual(full.index.passages.data);
    expect(incremental.index.sentenceVectors).toEqual(full.index.sentenceVectors);
    expect(incremental.index.manifest.documents).toEqual(full.index.manifest.documents);
  });

  it("keeps the original bytes of every document, and counts each write in the generation", async () => {
    await importInto();
    const { rows } = await pool.query("SELECT relative_path, original, sha256 FROM documents WHERE relative_path = 'report.pdf'");
    expect(Buffer.compare(rows[0].original, await import("node:fs/promises").then((fs) => fs.readFile(path.join(corpusDir, "report.pdf"))))).toBe(0);
    const { generation } = await loadSnapshot(pool, { model });
    expect(generation).toBeGreaterThanOrEqual(5);
  });

  it("stores an upload with its original, refuses its name twice, and a folder import leaves it alone", async () => {
    await importInto();
    const bytes = Buffer.from(doc("delta", "harbour crane"));
    const result = await importUpload({ pool, fileName: "delta.md", bytes, embedder: new PaddedFakeEmbedder(), model });
    expect("record" in result && result.record.id).toBe("delta");
    await expect(importUpload({ pool, fileName: "delta.md", bytes, embedder: new PaddedFakeEmbedder(), model })).rejects.toBeInstanceOf(UploadError);
    await expect(importUpload({ pool, fileName: "alpha.md", bytes, embedder: new PaddedFakeEmbedder(), model })).rejects.toThrow(/already exists/);
    await importInto();
    const snapshot = await loadSnapshot(pool, { model });
    expect(snapshot.index.passages.paragraphsOf("delta").map((paragraph) => paragraph.text)).toContain("delta harbour crane. It is described here.");
    const { rows } = await pool.query("SELECT source, original FROM documents WHERE id = 'delta'");
    expect(rows[0].source).toBe("upload");
    expect(Buffer.from(rows[0].original).toString()).toBe(bytes.toString());
  });

  it("embeds uploads again from their originals when the model changes, so no old vector stays", async () => {
    await importInto();
    await importUpload({ pool, fileName: "delta.md", bytes: Buffer.from(doc("delta", "harbour crane")), embedder: new PaddedFakeEmbedder(), model });
    const otherModel = { ...model, sha256: "1".repeat(64) };
    const embedder = new PaddedFakeEmbedder();
    await importInto({ model: otherModel, embedder });
    const texts = embedder.calls.flat();
    expect(texts.some((text) => text.startsWith("delta"))).toBe(true);
    expect(texts.some((text) => text.startsWith("alpha"))).toBe(true);
    const { index } = await loadSnapshot(pool, { model: otherModel });
    expect(index.passages.documents.has("delta")).toBe(true);
    await expect(loadSnapshot(pool, { model })).rejects.toThrow(/another recipe or model/);
  });

  it("answers dense queries in SQL through the HNSW index as the in-memory graph does, and lexical ones with ts_rank_cd", async () => {
    await importInto();
    const { index } = await loadSnapshot(pool, { model });
    const embedder = new PaddedFakeEmbedder();
    for (const query of ["river delta", "mountain pass", "npm install"]) {
      const [vector] = await embedder.embed([query]);
      const [best] = index.vectors.search(vector as Float32Array, 1);
      const inSql = await denseSearch(pool, vector as Float32Array, 5);
      // The same nearest similarity; among passages tied at it, the in-memory graph's choice.
      expect(inSql[0]?.score).toBeCloseTo(best?.similarity as number, 5);
      const tied = inSql.filter((hit) => Math.abs(hit.score - (inSql[0]?.score as number)) < 1e-5).map((hit) => hit.paragraphId);
      expect(tied).toContain(index.passages.data.chunks[best?.label as number]?.paragraphId);
    }
    const lexical = await lexicalSearch(pool, "Which mountains have a pass?", 5);
    expect(lexical[0]?.paragraphId).toMatch(/^guides\/beta\//);
    expect(await lexicalSearch(pool, "the of and", 5)).toEqual([]);
  });
});
