/**
 * One scaling measurement in a process of its own (so peak memory is this build's alone):
 * `node --import tsx src/bench/scale-worker.ts <factor>` prints one line of JSON.
 */
import { mkdtemp, rm, stat } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { createAssistant } from "../assistant.js";
import { parseConfig } from "../config.js";
import { fingerprintModel } from "../embed/model-fingerprint.js";
import { createTransformersEmbedder } from "../embed/transformers-embedder.js";
import { readGoldenSet } from "../eval/golden-set.js";
import { buildIndex } from "../store/build-index.js";
import { loadIndex } from "../store/load-index.js";
import { compareVectorSearch } from "./baseline.js";
import { summarize } from "./stats.js";
import { writeSyntheticCorpus } from "./synthetic-corpus.js";

const factor = Number(process.argv[2] ?? "1");
const config = parseConfig();
const root = await mkdtemp(path.join(os.tmpdir(), `bench-scale-${factor}-`));
try {
  const corpusDir = path.join(root, "corpus");
  const indexDir = path.join(root, "index");
  const documents = await writeSyntheticCorpus(config.corpusDir, corpusDir, factor);
  const embedder = createTransformersEmbedder({ modelsDir: config.modelsDir, modelId: config.embeddingModel });
  await embedder.load();
  const began = performance.now();
  const manifest = await buildIndex({ corpusDir, indexDir, embedder, model: await fingerprintModel(config.modelsDir, config.embeddingModel) });
  const buildSeconds = (performance.now() - began) / 1000;
  const buildPeakMiB = process.resourceUsage().maxRSS / 1024;

  const loadBegan = performance.now();
  const index = await loadIndex(indexDir);
  const assistant = createAssistant({ index, embedder });
  const loadSeconds = (performance.now() - loadBegan) / 1000;
  const questions = (await readGoldenSet(path.resolve("tests/golden.json"))).questions.map((question) => question.question);
  const samples: number[] = [];
  for (const question of questions) {
    const t = performance.now();
    await assistant.ask(question);
    samples.push(performance.now() - t);
  }
  const queryVectors = await embedder.embed(questions);
  const search = await compareVectorSearch(index, queryVectors, 20, 1);
  let indexBytes = 0;
  for (const file of Object.values(manifest.files)) indexBytes += (await stat(path.join(indexDir, file.name))).size;
  console.log(
    JSON.stringify({
      factor,
      documents,
      chunks: manifest.counts.chunks,
      sentences: manifest.counts.sentences,
      buildSeconds,
      textsPerSecond: (manifest.counts.chunks + manifest.counts.sentences) / buildSeconds,
      buildPeakMiB,
      indexMiB: indexBytes / 2 ** 20,
      loadSeconds,
      ask: summarize(samples),
      hnswSearch: search.hnsw,
      bruteForceSearch: search.bruteForce,
      rssAfterQueriesMiB: process.memoryUsage().rss / 2 ** 20,
    }),
  );
  await embedder.dispose();
} finally {
  await rm(root, { recursive: true, force: true });
}
