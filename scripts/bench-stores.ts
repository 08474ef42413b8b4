/**
 * `npx tsx scripts/bench-stores.ts [-- --corpus DIR --index DIR --questions FILE]`: the file store and
 * the Postgres store side by side (src/bench/store-comparison.ts), by default on the committed corpus
 * and the golden set; the Fastify docs: `--corpus tests/data/fastify-docs --index
 * test-output/fastify-docs-index --questions tests/docs-eval.json` (timed only: that set names snippets, not passage ids). Uses DATABASE_URL when set (a Postgres with
 * pgvector; the comparison writes into it), otherwise PGlite in this process served over the wire.
 * `--scale N` runs it on a synthetic corpus N times the size of `--corpus` (src/bench/synthetic-corpus.ts,
 * as `npm run bench` scales the file store), whose file index is built first with the real model and
 * kept in test-output/bench-stores-Nx/ for the next run. The comparison ends with a Postgres server
 * answering from its snapshot against one answering from SQL (src/bench/answering-comparison.ts).
 */
import { mkdtemp, readFile, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { compareStores } from "../src/bench/store-comparison.js";
import { writeSyntheticCorpus } from "../src/bench/synthetic-corpus.js";
import { fingerprintModel } from "../src/embed/model-fingerprint.js";
import { createTransformersEmbedder } from "../src/embed/transformers-embedder.js";
import { readGoldenSet } from "../src/eval/golden-set.js";
import { updateIndex } from "../src/store/build-index.js";
import { readManifest } from "../src/store/index-files.js";
import { createPool } from "../src/store/postgres/database.js";
import { startTestDatabase } from "../tests/support/postgres-database.js";

const root = process.cwd();
const { values } = parseArgs({ options: { corpus: { type: "string", default: "corpus" }, index: { type: "string", default: "index" }, questions: { type: "string", default: "tests/golden.json" }, scale: { type: "string", default: "1" } } });
const scale = Number(values.scale);
if (!Number.isInteger(scale) || scale < 1) throw new Error("--scale takes a whole number of 1 or more");
const questionsFile = path.resolve(root, values.questions);
const questionSet = JSON.parse(await readFile(questionsFile, "utf8")) as { questions: Array<{ question: string }> };
// The golden set is read by its schema; any other set's questions, and any set over a synthetic
// corpus (whose passage ids are the variants'), are only timed.
const questions =
  questionsFile.endsWith("golden.json") && scale === 1
    ? (await readGoldenSet(questionsFile)).questions
    : questionSet.questions.map(({ question }) => ({ question, answerable: false, expected: [] as string[] }));
const local = process.env.DATABASE_URL ? undefined : await startTestDatabase({ bm25: true });
const url = process.env.DATABASE_URL ?? (local?.url as string);
const pool = createPool({ url, statementTimeoutMs: 300_000, poolMax: 4 });
const workDir = await mkdtemp(path.join(os.tmpdir(), "bench-stores-"));
const embedder = createTransformersEmbedder({ modelsDir: path.join(root, "models"), modelId: "all-MiniLM-L6-v2" });
try {
  console.log(`Machine: ${os.cpus().length} cores (${os.cpus()[0]?.model.trim()}), Node ${process.version}; database: ${process.env.DATABASE_URL ? "DATABASE_URL" : "PGlite 0.5.14 (Postgres 18, WebAssembly) over pglite-socket in this process"}.`);
  const model = await fingerprintModel(path.join(root, "models"), "all-MiniLM-L6-v2");
  let corpusDir = path.resolve(root, values.corpus);
  let indexDir = path.resolve(root, values.index);
  if (scale > 1) {
    // Kept in test-output/ between runs: the next run's update finds every file unchanged (the comparison works on copies).
    const scaledCorpus = path.join(root, "test-output", `bench-stores-${scale}x`, "corpus");
    const scaledIndex = path.join(root, "test-output", `bench-stores-${scale}x`, "index");
    const documents = await writeSyntheticCorpus(corpusDir, scaledCorpus, scale);
    const began = performance.now();
    const built = await updateIndex({ corpusDir: scaledCorpus, indexDir: scaledIndex, embedder, model, waitForLock: true });
    const { counts } = await readManifest(scaledIndex);
    console.log(`${scale}× corpus: ${documents} documents, ${counts.chunks} chunks + ${counts.sentences} sentences; file index ${built.changed ? "built" : "found built"} in ${((performance.now() - began) / 1000).toFixed(1)} s (before the comparison, model time included; kept in test-output/)`);
    corpusDir = scaledCorpus;
    indexDir = scaledIndex;
  }
  const lines = await compareStores({
    pool,
    databaseUrl: url,
    workDir,
    corpusDir,
    indexDir,
    embedder,
    model,
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
