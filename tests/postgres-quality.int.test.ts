import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadRuntime, type Runtime } from "../src/bootstrap.js";
import { parseConfig } from "../src/config.js";
import { createTransformersEmbedder } from "../src/embed/transformers-embedder.js";
import { fingerprintModel } from "../src/embed/model-fingerprint.js";
import { evaluate, type EvaluationReport } from "../src/eval/evaluate.js";
import { readGoldenSet } from "../src/eval/golden-set.js";
import { loadIndex, type LoadedIndex } from "../src/store/load-index.js";
import { createAssistant } from "../src/assistant.js";
import { readDatabaseManifest } from "../src/store/postgres/database-manifest.js";
import { createPool } from "../src/store/postgres/database.js";
import { runPostgresImport } from "../src/store/postgres/import-command.js";
import { sqlCorpus } from "../src/store/postgres/sql-corpus.js";
import { enableBm25 } from "../src/store/postgres/sql-search.js";
import { GOLDEN_THRESHOLDS } from "./support/golden-thresholds.js";
import { startTestDatabase, type TestDatabase } from "./support/postgres-database.js";

/** The golden set's bar, as tests/quality.int.test.ts holds the file store to it. */
const THRESHOLDS = GOLDEN_THRESHOLDS;
/**
 * Answering from SQL (PG_ANSWERING=sql), where lexical search is Postgres full-text search
 * (ts_rank_cd over the passage text and, lighter, its title and section) or BM25 over the text
 * (pg_textsearch) instead of the application's BM25. Measured (97 answerable, 13 unanswerable
 * questions, the verifier trained with in-paragraph swaps): ts_rank_cd recall@5 0.979, recall@1
 * 0.814, citing 0.784, 2 answerable abstained, 0 unanswerable answered; BM25 0.979, 0.825, 0.794,
 * 2, 0. Both are held to the golden bar, as the snapshot is.
 */
const SQL_THRESHOLDS = { ts_rank_cd: THRESHOLDS, bm25: THRESHOLDS };

function summary(label: string, report: EvaluationReport): { answered: number; line: string } {
  const answered = report.results.filter((result) => !result.question.answerable && !result.answer.abstained).length;
  const line = `${label}, golden set: recall@5 ${report.recallAt5.toFixed(3)}, recall@1 ${report.recallAt1.toFixed(3)}, citation accuracy ${report.citationAccuracy.toFixed(3)}, ${report.abstainedWhenAnswerable} answerable abstained, ${answered} unanswerable answered (of ${report.unanswerable}), p50 ${report.latencyP50.toFixed(1)} ms`;
  return { answered, line };
}

function expectThresholds(report: EvaluationReport, thresholds: typeof THRESHOLDS, label: string): void {
  const { answered, line } = summary(label, report);
  console.log(line);
  expect(report.recallAt5).toBeGreaterThanOrEqual(thresholds.recallAt5);
  expect(report.recallAt1).toBeGreaterThanOrEqual(thresholds.recallAt1);
  expect(report.citationAccuracy).toBeGreaterThanOrEqual(thresholds.citationAccuracy);
  expect(report.abstainedWhenAnswerable).toBeLessThanOrEqual(thresholds.maxAnswerableAbstentions);
  expect(answered).toBeLessThanOrEqual(thresholds.maxUnanswerableAnswered);
}

/**
 * The committed corpus moved into the Postgres store as `npm run index -- --store postgres` moves
 * it (the file index's cached vectors copied in, the folder imported), then answered from the
 * database with the real models through `loadRuntime` with STORE=postgres.
 */
describe("golden set quality on the Postgres store", () => {
  let database: TestDatabase;
  let runtime: Runtime;
  let fileIndex: LoadedIndex;
  let embedded: number;
  let report: EvaluationReport;
  const sqlReports: Partial<Record<keyof typeof SQL_THRESHOLDS, EvaluationReport>> = {};

  beforeAll(async () => {
    database = await startTestDatabase({ bm25: true });
    const modelsDir = path.resolve("models");
    const embedder = createTransformersEmbedder({ modelsDir, modelId: "all-MiniLM-L6-v2" });
    try {
      const imported = await runPostgresImport({ databaseUrl: database.url, corpusDir: path.resolve("corpus"), indexDir: path.resolve("index"), embedder, model: await fingerprintModel(modelsDir, "all-MiniLM-L6-v2") });
      embedded = imported.embedded;
    } finally {
      await embedder.dispose();
    }
    fileIndex = await loadIndex(path.resolve("index"));
    runtime = await loadRuntime(parseConfig({ STORE: "postgres", DATABASE_URL: database.url, AUTO_REBUILD: "false" }));
    const { questions } = await readGoldenSet(path.resolve("tests/golden.json"));
    report = await evaluate(runtime.assistant, questions);
    // The same models and settings, answering from SQL per question instead of the snapshot.
    const pool = createPool({ url: database.url, poolMax: 4 });
    try {
      const { manifest } = await readDatabaseManifest(pool, await fingerprintModel(path.resolve("models"), "all-MiniLM-L6-v2"));
      const overSql = (bm25: boolean) => createAssistant({ corpus: sqlCorpus({ pool, databaseUrl: database.url, manifest, bm25 }), embedder: runtime.embedder, verifier: runtime.verifier, options: runtime.assistant.options });
      sqlReports.ts_rank_cd = await evaluate(overSql(false), questions);
      expect(await enableBm25(pool)).toBe(true);
      sqlReports.bm25 = await evaluate(overSql(true), questions);
    } finally {
      await pool.end();
    }
  }, 300_000);

  afterAll(async () => {
    await runtime?.embedder.dispose();
    await database?.close();
  });

  it("holds exactly the committed index's passages and vectors, with no text embedded again", () => {
    expect(embedded).toBe(0);
    const { index } = runtime.assistant;
    expect(index.passages.data).toEqual(fileIndex.passages.data);
    expect(index.sentenceVectors).toEqual(fileIndex.sentenceVectors);
    for (let label = 0; label < fileIndex.vectors.count; label += 37) expect(index.vectors.vectorOf(label)).toEqual(fileIndex.vectors.vectorOf(label));
  });

  it("meets the golden set's thresholds", () => {
    expectThresholds(report, THRESHOLDS, "Postgres store, snapshot answering");
  });

  it("meets the measured thresholds answering from SQL, lexical ranking by ts_rank_cd and by BM25 (pg_textsearch)", () => {
    expectThresholds(sqlReports.ts_rank_cd as EvaluationReport, SQL_THRESHOLDS.ts_rank_cd, "Postgres store, SQL answering (ts_rank_cd)");
    expectThresholds(sqlReports.bm25 as EvaluationReport, SQL_THRESHOLDS.bm25, "Postgres store, SQL answering (BM25)");
  });
});
