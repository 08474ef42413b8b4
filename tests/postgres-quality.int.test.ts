import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadRuntime, type Runtime } from "../src/bootstrap.js";
import { parseConfig } from "../src/config.js";
import { createTransformersEmbedder } from "../src/embed/transformers-embedder.js";
import { fingerprintModel } from "../src/embed/model-fingerprint.js";
import { evaluate, type EvaluationReport } from "../src/eval/evaluate.js";
import { readGoldenSet } from "../src/eval/golden-set.js";
import { loadIndex, type LoadedIndex } from "../src/store/load-index.js";
import { runPostgresImport } from "../src/store/postgres/import-command.js";
import { startTestDatabase, type TestDatabase } from "./support/postgres-database.js";

/** The golden set's bar, as tests/quality.int.test.ts holds the file store to it. */
const THRESHOLDS = { recallAt5: 0.95, recallAt1: 0.8, citationAccuracy: 0.78, maxAnswerableAbstentions: 1, maxUnanswerableAnswered: 1 };

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

  beforeAll(async () => {
    database = await startTestDatabase();
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
    report = await evaluate(runtime.assistant, (await readGoldenSet(path.resolve("tests/golden.json"))).questions);
  }, 240_000);

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
    expect(report.recallAt5).toBeGreaterThanOrEqual(THRESHOLDS.recallAt5);
    expect(report.recallAt1).toBeGreaterThanOrEqual(THRESHOLDS.recallAt1);
    expect(report.citationAccuracy).toBeGreaterThanOrEqual(THRESHOLDS.citationAccuracy);
    expect(report.abstainedWhenAnswerable).toBeLessThanOrEqual(THRESHOLDS.maxAnswerableAbstentions);
    const answered = report.results.filter((result) => !result.question.answerable && !result.answer.abstained);
    expect(answered.length).toBeLessThanOrEqual(THRESHOLDS.maxUnanswerableAnswered);
    console.log(`Postgres store, golden set: recall@5 ${report.recallAt5.toFixed(3)}, recall@1 ${report.recallAt1.toFixed(3)}, citation accuracy ${report.citationAccuracy.toFixed(3)}, ${report.abstainedWhenAnswerable} answerable abstained, ${answered.length} unanswerable answered`);
  });
});
