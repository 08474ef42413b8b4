import { copyFile, mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import type pg from "pg";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { DEFAULT_ANSWER_OPTIONS } from "../src/answer/answer-options.js";
import { gatherEvidence } from "../src/answer/evidence.js";
import { answerExtractively } from "../src/answer/extractive-answerer.js";
import { createApp } from "../src/app.js";
import { createAssistant } from "../src/assistant.js";
import { writeAccessFor } from "../src/auth.js";
import { memoryCorpus, type CorpusReader, type WorkingSet } from "../src/retrieve/corpus-reader.js";
import { Retriever } from "../src/retrieve/retriever.js";
import { contentTerms } from "../src/retrieve/terms.js";
import { readDatabaseManifest } from "../src/store/postgres/database-manifest.js";
import { createPool } from "../src/store/postgres/database.js";
import { importFolder } from "../src/store/postgres/import-folder.js";
import { loadSnapshot } from "../src/store/postgres/load-snapshot.js";
import { migrate } from "../src/store/postgres/migrate.js";
import { databaseOriginalReader } from "../src/store/postgres/originals.js";
import { PostgresDocumentLibrary } from "../src/store/postgres/postgres-library.js";
import { PostgresLiveIndex } from "../src/store/postgres/postgres-live-index.js";
import { sqlCorpus } from "../src/store/postgres/sql-corpus.js";
import { countMissingTerms } from "../src/store/postgres/term-counts.js";
import { LEXICAL_RECIPE } from "../src/retrieve/lexical-data.js";
import { VectorIndex } from "../src/store/vector-index.js";
import { PaddedFakeEmbedder, startTestDatabase, type TestDatabase } from "./support/postgres-database.js";

// Store-machinery tests: the fake embedder's vectors carry no meaning (the golden set runs in
// tests/postgres-quality.int.test.ts with the real model).
const model = { id: "fake", file: "onnx/model_quantized.onnx", sha256: "0".repeat(64) };
const HEURISTIC = { ...DEFAULT_ANSWER_OPTIONS, mode: "heuristic" as const };
const TOPICS = ["river delta", "mountain pass", "desert oasis", "harbour crane", "forest trail", "glacier lake", "canyon bridge", "island ferry", "valley vineyard", "coastal lighthouse"];
const doc = (title: string, words: string) => `# ${title}\n\n${title} ${words}. It was described in 1911 by the survey (${title.toUpperCase()}).\n\n## More\n${title} has more ${words}:\n\n- one ${words}\n- two ${words}\n\n## History\nThe ${words} of ${title} opened in 1920 after years of work.\n`;
const access = writeAccessFor({ host: "127.0.0.1", readOnly: false });

let database: TestDatabase;
let pool: pg.Pool;
let root: string;
let corpusDir: string;

beforeAll(async () => {
  database = await startTestDatabase();
  pool = createPool({ url: database.url, poolMax: 4 });
  await migrate(pool);
  root = await mkdtemp(path.join(os.tmpdir(), "postgres-sql-answering-"));
  corpusDir = path.join(root, "corpus");
  await mkdir(corpusDir);
  // More passages than one question's candidates, so a working set is a part of the corpus.
  for (const [index, words] of TOPICS.entries()) await writeFile(path.join(corpusDir, `place-${index}.md`), doc(`place${index}`, words));
  for (const name of ["features.md", "report.pdf", "article.html"]) await copyFile(path.resolve("tests/fixtures", name), path.join(corpusDir, name));
  await importFolder({ pool, corpusDir, embedder: new PaddedFakeEmbedder(), model });
}, 60_000);
afterAll(async () => {
  await pool.end();
  await database.close();
  await rm(root, { recursive: true, force: true });
});
afterEach(() => {
  vi.restoreAllMocks();
});

const QUESTIONS = ["When did the glacier lake of place5 open?", "What is PLACE3?", "place7", "river delta", "What does the report say?", "How do I install it?", "Is the river delta of PLACE3 in Cassandra?"];

/** Everything of an evidence sentence but its row, which numbers sentences within one working set. */
const withoutRows = (workingSet: WorkingSet, retrieval: Awaited<ReturnType<Retriever["retrieve"]>>, question: string) =>
  gatherEvidence(workingSet.view, workingSet.stats, retrieval, HEURISTIC.evidence, { skip: workingSet.skip, focus: question }).sentences.map(({ row: _row, ...sentence }) => sentence);

describe("answering from SQL (PG_ANSWERING=sql)", () => {
  it("scores and composes from a question's working set exactly as from the whole snapshot", async () => {
    const embedder = new PaddedFakeEmbedder();
    const snapshot = (await loadSnapshot(pool, { model })).index;
    const inMemory = memoryCorpus(snapshot);
    const inSql = sqlCorpus({ pool, databaseUrl: database.url, manifest: (await readDatabaseManifest(pool, model)).manifest });
    for (const question of QUESTIONS) {
      const retrieval = await new Retriever(snapshot, embedder).retrieve(question, { k: 20 });
      const request = { paragraphIds: retrieval.paragraphs.map((hit) => hit.paragraphId), questionTerms: contentTerms(question), focusTerms: [contentTerms(question)] };
      const [whole, part] = await Promise.all([inMemory.workingSet(request), inSql.workingSet(request)]);
      expect(part.view.passages.data.paragraphs.length).toBeLessThan(snapshot.passages.data.paragraphs.length);
      for (const term of request.questionTerms) expect([term, part.stats.idf(term), part.stats.has(term)]).toEqual([term, whole.stats.idf(term), whole.stats.has(term)]);
      const evidence = withoutRows(part, retrieval, question);
      expect(evidence.length).toBeGreaterThan(0);
      expect(evidence).toEqual(withoutRows(whole, retrieval, question));
      const answer = (workingSet: WorkingSet) => answerExtractively(workingSet.view.passages, gatherEvidence(workingSet.view, workingSet.stats, retrieval, HEURISTIC.evidence, { skip: workingSet.skip, focus: question }), HEURISTIC);
      expect(answer(part)).toEqual(answer(whole));
      // Whether a name is one the corpus never uses is answered from the corpus-wide counts.
      expect(answer(part).notMentioned).toEqual(question.includes("Cassandra") ? ["Cassandra"] : undefined);
    }
    // A document named by the question is in the working set even when none of its passages is a candidate.
    const named = await inSql.workingSet({ paragraphIds: [snapshot.passages.paragraphsOf("place-2")[0]?.id as string], questionTerms: ["place7"], focusTerms: [["place7"]] });
    expect([...named.view.passages.documents.keys()]).toEqual(["place-2", "place-7"]);
    expect(await inSql.introductions("PLACE3")).toEqual(await inMemory.introductions("PLACE3"));
    expect(await inSql.introductions("PLACE3")).toHaveLength(1);
  });

  it("counts the terms of documents written before the counts existed, to the same figures", async () => {
    const before = (await pool.query("SELECT term, document_id, units FROM document_terms ORDER BY term, document_id")).rows;
    const titles = (await pool.query("SELECT id, title_terms FROM documents ORDER BY id")).rows;
    expect(before.length).toBeGreaterThan(100);
    await pool.query("DELETE FROM document_terms");
    await pool.query("UPDATE documents SET title_terms = NULL");
    expect(await countMissingTerms(pool)).toBe(titles.length);
    expect((await pool.query("SELECT term, document_id, units FROM document_terms ORDER BY term, document_id")).rows).toEqual(before);
    expect((await pool.query("SELECT id, title_terms FROM documents ORDER BY id")).rows).toEqual(titles);
    expect(await countMissingTerms(pool)).toBe(0);
  });

  it("counts again, to the same figures, a document whose terms another tokenizer version counted", async () => {
    const before = (await pool.query("SELECT term, document_id, units FROM document_terms ORDER BY term, document_id")).rows;
    const [first] = (await pool.query<{ id: string }>("SELECT id FROM documents ORDER BY id LIMIT 1")).rows;
    await pool.query("UPDATE documents SET terms_recipe = 'an older tokenizer' WHERE id = $1", [first?.id]);
    await pool.query("DELETE FROM document_terms WHERE document_id = $1", [first?.id]);
    expect(await countMissingTerms(pool)).toBe(1);
    expect((await pool.query("SELECT term, document_id, units FROM document_terms ORDER BY term, document_id")).rows).toEqual(before);
    expect((await pool.query("SELECT count(*)::int AS stale FROM documents WHERE terms_recipe IS DISTINCT FROM $1", [LEXICAL_RECIPE])).rows[0]?.stale).toBe(0);
    expect(await countMissingTerms(pool)).toBe(0);
  });

  describe("a server answering in SQL", () => {
    let closers: Array<() => Promise<void>> = [];
    afterEach(async () => {
      for (const close of closers.reverse()) await close();
      closers = [];
    });

    function server({ sql, url = database.url }: { sql: boolean; url?: string }) {
      const serverPool = createPool({ url, poolMax: 4, connectTimeoutMs: 1_000 });
      const embedder = new PaddedFakeEmbedder();
      const readers: CorpusReader[] = [];
      const live = new PostgresLiveIndex({
        pool: serverPool,
        databaseUrl: url,
        modelsDir: "models",
        modelId: "fake",
        model,
        embedder,
        createAssistant: (index) => createAssistant({ index, embedder }),
        ...(sql ? { sqlAnswering: { createAssistant: (corpus: CorpusReader) => (readers.push(corpus), createAssistant({ corpus, embedder })) } } : {}),
        pollMs: 200,
      });
      const library = new PostgresDocumentLibrary({ pool: serverPool, databaseUrl: url, live, embedder });
      const app = createApp({ assistant: live.holder, documents: { library, access, uploadMaxBytes: 1024 * 1024 }, readOriginal: databaseOriginalReader(serverPool) });
      closers.push(async () => {
        await live.close();
        await serverPool.end();
      });
      return { live, app, readers };
    }

    const ask = (app: ReturnType<typeof createApp>, question: string) => app.request("/ask", { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ question }) });

    it("answers with citations, serves sources and passages, and answers an upload at once, never building an in-memory index", async () => {
      const builds = vi.spyOn(VectorIndex, "build");
      const { live, app, readers } = server({ sql: true });
      await live.start();
      expect(live.index).toBeUndefined();
      const { counts } = live.manifest ?? { counts: { paragraphs: 0 } };
      expect(counts.paragraphs).toBeGreaterThan(40);

      const answered = await ask(app, "When did the glacier lake of place5 open?");
      expect(answered.status).toBe(200);
      const body = (await answered.json()) as { abstained: boolean; citations: Array<{ id: string; url: string; text: string }> };
      expect(body.abstained).toBe(false);
      expect(body.citations[0]?.id).toMatch(/^place-5\//);
      expect(body.citations[0]?.url).toMatch(/^\/sources\/place-5#/);
      const ranked = await live.holder.current()?.retrieve("glacier lake");
      // The answer read a part of the corpus: its candidates, not every passage.
      expect(ranked?.passages.data.paragraphs.length).toBeLessThan(counts.paragraphs / 2);

      const source = (await (await app.request("/sources/place-5", { headers: { Accept: "application/json" } })).json()) as { paragraphs: Array<{ id: string }> };
      expect(source.paragraphs.length).toBe(4);
      expect(await (await app.request("/sources/report")).text()).toContain("<");
      const passage = (await (await app.request(`/passages/${source.paragraphs[1]?.id}`)).json()) as { previous: { id: string }; next: { id: string } };
      expect([passage.previous.id, passage.next.id]).toEqual([source.paragraphs[0]?.id, source.paragraphs[2]?.id]);
      expect((await app.request("/sources/nowhere")).status).toBe(404);
      expect((await app.request("/passages/nowhere/p1")).status).toBe(404);

      const form = new FormData();
      form.append("file", new File([doc("lagoon", "tidal mudflat")], "lagoon.md"));
      expect((await app.request("/documents", { method: "POST", body: form })).status).toBe(201);
      const uploaded = (await (await ask(app, "When did the tidal mudflat of lagoon open?")).json()) as { citations: Array<{ id: string }> };
      expect(uploaded.citations[0]?.id).toMatch(/^lagoon\//);
      // A new generation made a new reader (its cached term counts are the new corpus's); nothing was loaded into memory.
      expect(readers.length).toBe(2);
      expect(readers[1]?.manifest.counts.documents).toBe((readers[0]?.manifest.counts.documents ?? 0) + 1);
      expect(builds).not.toHaveBeenCalled();
      expect(live.index).toBeUndefined();
      expect((await app.request("/documents/lagoon", { method: "DELETE" })).status).toBe(200);
    });

    it("answers 503 while the database is unreachable: it has nothing in memory to answer from", async () => {
      const own = await startTestDatabase();
      closers.push(() => own.close().catch(() => {}));
      const ownPool = createPool({ url: own.url, poolMax: 2 });
      await migrate(ownPool);
      await importFolder({ pool: ownPool, corpusDir, embedder: new PaddedFakeEmbedder(), model });
      await ownPool.end();
      const { live, app } = server({ sql: true, url: own.url });
      await live.start();
      const answered = (await (await ask(app, "When did the river delta of place0 open?")).json()) as { citations: Array<{ id: string }> };
      const cited = answered.citations[0]?.id as string;
      expect((await app.request(`/passages/${cited}`)).status).toBe(200);
      await own.close();
      for (const response of [await ask(app, "river delta"), await app.request("/sources/place-0"), await app.request(`/passages/${cited}`)]) {
        expect(response.status).toBe(503);
        expect(await response.json()).toMatchObject({ error: { code: "database_unavailable" } });
      }
    });

    it("is what the snapshot server is not: the same check sees the snapshot build its graph", async () => {
      const builds = vi.spyOn(VectorIndex, "build");
      const { live } = server({ sql: false });
      await live.start();
      expect(builds).toHaveBeenCalled();
      expect(live.index?.passages.data.paragraphs.length).toBe(live.manifest?.counts.paragraphs);
    });
  });
});
