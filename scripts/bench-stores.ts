/**
 * `npx tsx scripts/bench-stores.ts [-- --corpus DIR --index DIR --questions FILE]`: the file store and
 * the Postgres store side by side (src/bench/store-comparison.ts), by default on the committed corpus
 * and the golden set; the Fastify docs: `--corpus tests/data/fastify-docs --index
 * test-output/fastify-docs-index --questions tests/docs-eval.json` (timed only: that set names snippets, not passage ids). Uses DATABASE_URL when set (a Postgres with
 * pgvector; the comparison writes into it), otherwise PGlite in this process served over the wire.
 */
import { mkdtemp, readFile, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { compareStores } from "../src/bench/store-comparison.js";
import { fingerprintModel } from "../src/embed/model-fingerprint.js";
import { createTransformersEmbedder } from "../src/embed/transformers-embedder.js";
import { readGoldenSet } from "../src/eval/golden-set.js";
import { createPool } from "../src/store/postgres/database.js";
import { startTestDatabase } from "../tests/support/postgres-database.js";

const root = process.cwd();
const { values } = parseArgs({ options: { corpus: { type: "string", default: "corpus" }, index: { type: "string", default: "index" }, questions: { type: "string", default: "tests/golden.json" } } });
const questionsFile = path.resolve(root, values.questions);
const questionSet = JSON.parse(await readFile(questionsFile, "utf8")) as { questions: Array<{ question: string }> };
// The golden set is read by its schema; any other set's questions are only timed.
const questions = questionsFile.endsWith("golden.json") ? (await readGoldenSet(questionsFile)).questions : questionSet.questions.map(({ question }) => ({ question, answerable: false, expected: [] }));
const local = process.env.DATABASE_URL ? undefined : await startTestDatabase({ bm25: true });
const url = process.env.DATABASE_URL ?? (local?.url as string);
const pool = createPool({ url, statementTimeoutMs: 300_000, poolMax: 4 });
const workDir = await mkdtemp(path.join(os.tmpdir(), "bench-stores-"));
const embedder = createTransformersEmbedder({ modelsDir: path.join(root, "models"), modelId: "all-MiniLM-L6-v2" });
try {
  console.log(`Machine: ${os.cpus().length} cores (${os.cpus()[0]?.model.trim()}), Node ${process.version}; database: ${process.env.DATABASE_URL ? "DATABASE_URL" : "PGlite 0.5.14 (Postgres 18, WebAssembly) over pglite-socket in this process"}.`);
  const lines = await compareStores({
    pool,
    workDir,
    corpusDir: path.resolve(root, values.corpus),
    indexDir: path.resolve(root, values.index),
    embedder,
    model: await fingerprintModel(path.join(root, "models"), "all-MiniLM-L6-v2"),
    questions,
    addedDocument: { name: "harbour-bridge.md", text: "# Harbour Bridge\n\nThe Harbour Bridge was opened in 1931. It carries two tram lines across the estuary.\n\n## Repairs\n\nThe deck was rebuilt in 1987 after a storm.\n" },
  });
  for (const line of lines) console.log(line);
} finally {
  await embedder.dispose();
  await pool.end();
  await local?.close();
  await rm(workDir, { recursive: true, force: true });
}
