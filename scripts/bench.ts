/**
 * `npm run bench [-- --quick] [-- --server-only] [-- --threads] [-- --restart] [-- --incremental] [-- --stores] [-- --scale=10,100]`: the speed figures quoted in the README, measured
 * on this machine in this run. Nothing is assumed or copied from earlier runs.
 */
import { execFile } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { parseArgs, promisify } from "node:util";
import { compareVectorSearch } from "../src/bench/baseline.js";
import { cpuMsPerCall } from "../src/bench/cpu-time.js";
import { healthUnderHeavyLoad } from "../src/bench/heavy-load.js";
import { benchIncremental, formatIncremental } from "../src/bench/incremental.js";
import { benchRestarts, formatRestarts } from "../src/bench/restart.js";
import { loadTest, residentMiB, type LoadResult } from "../src/bench/load.js";
import { readLoopDelay, type LoopDelay } from "../src/bench/loop-delay.js";
import { bareOnnxRunTime } from "../src/bench/onnx-floor.js";
import { compareThreadSettings } from "../src/bench/thread-settings.js";
import { startServerProcess } from "../src/server-process.js";
import { timeStages } from "../src/bench/stages.js";
import { formatMs, summarize } from "../src/bench/stats.js";
import { parseConfig } from "../src/config.js";
import { fingerprintModel } from "../src/embed/model-fingerprint.js";
import { createTransformersEmbedder } from "../src/embed/transformers-embedder.js";
import { readGoldenSet } from "../src/eval/golden-set.js";
import { buildIndex } from "../src/store/build-index.js";
import { loadIndex } from "../src/store/load-index.js";

const { values } = parseArgs({ options: { quick: { type: "boolean", default: false }, "server-only": { type: "boolean", default: false }, threads: { type: "boolean", default: false }, incremental: { type: "boolean", default: false }, restart: { type: "boolean", default: false }, stores: { type: "boolean", default: false }, scale: { type: "string", default: "10,100" } } });
const root = process.cwd();
const config = parseConfig();
const questions = (await readGoldenSet(path.join(root, "tests/golden.json"))).questions.map((question) => question.question);
const report: string[] = [];
const say = (line: string) => {
  console.log(line);
  report.push(line);
};
const cpu = os.cpus()[0]?.model.trim() ?? "unknown CPU";
say(`Machine: ${os.cpus().length} cores (${cpu}), ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB RAM, Node ${process.version}, ${os.platform()} ${os.arch()}; ${new Date().toISOString().slice(0, 10)}`);

// 0. How the inference pool splits the cores: worker threads × ONNX intra-op threads (`--threads` runs only this).
if (values.threads) {
  const cores = os.availableParallelism();
  const settings = [{ workers: cores, threadsPerWorker: 1 }, { workers: 1, threadsPerWorker: cores }, { workers: 1, threadsPerWorker: 1 }];
  const results = await compareThreadSettings({ modelsDir: config.modelsDir, modelId: config.embeddingModel, questions: [...questions, ...questions], settings });
  say(`\n## Inference pool: worker threads × intra-op threads (questions embedded per second, 8 at a time)\n| workers | threads per worker | questions/s |\n|---|---|---|`);
  for (const result of results) say(`| ${result.workers} | ${result.threadsPerWorker} | ${result.questionsPerSecond.toFixed(0)} |`);
  console.log("\n--- markdown ---\n" + report.join("\n"));
  process.exit(0);
}

// Restarts of `npm start` over the committed index (`--restart` runs only this; also in --server-only and the full bench).
const restartSection = async () => {
  const times = await benchRestarts({ root, env: { CORPUS_DIR: config.corpusDir, INDEX_DIR: config.indexDir }, question: questions[0] ?? "What is this about?", runs: 5 });
  say(`\n## Restart (${path.relative(root, config.corpusDir) || "."} corpus, committed index)\n- ${formatRestarts(times)}`);
};
if (values.restart) {
  say(`Load average before: ${os.loadavg().map((load) => load.toFixed(2)).join(", ")}`);
  await restartSection();
  console.log("\n--- markdown ---\n" + report.join("\n"));
  process.exit(0);
}

// The living corpus: a 40-document full build against adding and removing one document, a restart,
// mark-delete against a rebuilt graph. In the full bench and alone with `--incremental`; not in --quick or --server-only.
const incrementalSection = async () => {
  const result = await benchIncremental({ sourceDir: path.join(root, "tests/data/fastify-docs"), modelsDir: config.modelsDir, modelId: config.embeddingModel, root });
  for (const line of formatIncremental(result)) say(line);
};
// The file store and the Postgres store side by side (scripts/bench-stores.ts), on the committed
// corpus and the synthetic corpora of `--scale`, each in a process of its own. In the full bench and
// alone with `--stores`; not in --quick or --server-only.
const scaleFactors = [1, ...(values.scale ?? "").split(",").map(Number).filter((value) => value > 1)];
const storesSection = async () => {
  const run = promisify(execFile);
  for (const factor of scaleFactors) {
    const { stdout } = await run(process.execPath, ["--import", "tsx", "scripts/bench-stores.ts", "--scale", String(factor)], { cwd: root, maxBuffer: 1 << 24 });
    say(`\n## File store and Postgres store, ${factor}× corpus\n${stdout.trim()}`);
  }
};
if (values.stores) {
  await storesSection();
  console.log("\n--- markdown ---\n" + report.join("\n"));
  process.exit(0);
}
if (values.incremental) {
  say(`Load average before: ${os.loadavg().map((load) => load.toFixed(2)).join(", ")}`);
  await incrementalSection();
  say(`Load average after: ${os.loadavg().map((load) => load.toFixed(2)).join(", ")}`);
  console.log("\n--- markdown ---\n" + report.join("\n"));
  process.exit(0);
}

// 1. Full index build of the corpus (model load included), into a temporary directory.
if (!values["server-only"]) {
  const indexDir = await mkdtemp(path.join(os.tmpdir(), "bench-index-"));
  const embedder = createTransformersEmbedder({ modelsDir: config.modelsDir, modelId: config.embeddingModel });
  const began = performance.now();
  const manifest = await buildIndex({ corpusDir: config.corpusDir, indexDir, embedder, model: await fingerprintModel(config.modelsDir, config.embeddingModel) });
  const seconds = (performance.now() - began) / 1000;
  say(`\n## Index build\n- ${seconds.toFixed(1)} s for ${manifest.counts.documents} documents: ${manifest.counts.chunks} chunks (${(manifest.counts.chunks / seconds).toFixed(0)} chunks/s) + ${manifest.counts.sentences} sentences embedded`);

  // 2. In-process stages, warm, without the query cache; and vector search against LangChain.js.
  const index = await loadIndex(indexDir);
  const stages = await timeStages(index, embedder, questions);
  say(`\n## In-process latency per question (warm, no cache, ${stages.total.count} questions)`);
  say(`| stage | p50 | p95 |\n|---|---|---|`);
  for (const [name, summary] of Object.entries(stages)) say(`| ${name} | ${formatMs(summary.p50)} | ${formatMs(summary.p95)} |`);
  const queryVectors = await embedder.embed(questions);
  const search = await compareVectorSearch(index, queryVectors);
  say(`\n## Vector search: HNSW vs LangChain.js MemoryVectorStore (brute force), same ${search.chunks} vectors, k=20`);
  say(`- HNSW p50 ${formatMs(search.hnsw.p50)}, MemoryVectorStore p50 ${formatMs(search.bruteForce.p50)}: ${(search.bruteForce.p50 / search.hnsw.p50).toFixed(1)}× faster`);
  await embedder.dispose();
  await rm(indexDir, { recursive: true, force: true });
}

// 3. The real server process (its restarts are timed in the restart section): sequential latency, load at concurrency 1/8/32, RSS growth.
{
  say(`\n## Server`);

  // The query cache is off so that every request pays for its inference; the loop monitor records
  // how long the event loop was blocked in each phase.
  const loopFile = path.join(os.tmpdir(), `bench-loop-delay-${process.pid}.json`);
  const server = await startServerProcess({ root, port: 3910, preload: ["./src/bench/loop-monitor.ts"], env: { QUERY_CACHE_BYTES: "0", BENCH_LOOP_DELAY_FILE: loopFile, REQUEST_TIMEOUT_MS: "120000" } });
  // A failed measurement must not leave the server holding its port.
  process.once("exit", () => server.child.kill("SIGKILL"));
  const pid = server.child.pid as number;
  const ask = async (question: string) => {
    const response = await fetch(`${server.baseUrl}/ask`, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ question }) });
    if (response.status !== 200) throw new Error(`HTTP ${response.status}`);
    await response.arrayBuffer();
  };
  for (const question of questions.slice(0, 10)) await ask(question);
  // Twice over the questions: the first pass after the start and ten warm-up requests, the second on a warm server,
  // which is what the p50 target is about. A server's first requests are slower: in standalone
  // checks (2026-12-06) the first 110 were 0-5 ms slower at p50 than the next ones.
  const pass = async (first: number) => {
    const times: number[] = [];
    for (const [index, question] of questions.entries()) {
      const began = performance.now();
      await ask(`${question} (${first + index})`);
      times.push(performance.now() - began);
    }
    return summarize(times);
  };
  const cold = await pass(0);
  const single = await pass(questions.length);
  say(
    `- POST /ask over HTTP, one at a time, distinct questions (no cache hits): p50 ${formatMs(single.p50)}, p95 ${formatMs(single.p95)} (${single.count} requests, ` +
      `the second pass; the first, after the start and ten warm-up requests: p50 ${formatMs(cold.p50)}, p95 ${formatMs(cold.p95)})`,
  );

  const cpuMs = await cpuMsPerCall(pid, 200, (index) => ask(`${questions[index % questions.length]} (cpu ${index})`));
  say(`- CPU time of one request, measured one at a time over 200 distinct questions (all threads of the server): ${formatMs(cpuMs)}`);

  const loopText = (delay: LoopDelay) => `${formatMs(delay.p50)} / ${formatMs(delay.p99)} / ${formatMs(delay.max)}`;
  const loads: (LoadResult & { delay: LoopDelay })[] = [];
  await readLoopDelay(server.child, loopFile);
  for (const connections of [1, 8, 32]) {
    const load = await loadTest({ baseUrl: server.baseUrl, questions, connections, durationSeconds: 10 });
    loads.push({ ...load, delay: await readLoopDelay(server.child, loopFile) });
  }
  say(`\n| concurrency | requests/s | requests/s × CPU per request | p50 | p99 | errors | event-loop delay p50 / p99 / max |\n|---|---|---|---|---|---|---|`);
  for (const load of loads) {
    const busy = (load.requestsPerSecond * cpuMs) / 1000;
    say(`| ${load.connections} | ${load.requestsPerSecond.toFixed(0)} | ${busy.toFixed(2)} s/s | ${load.p50} ms | ${load.p99} ms | ${load.errors} | ${loopText(load.delay)} |`);
  }

  const heavy = await healthUnderHeavyLoad({ baseUrl: server.baseUrl, questions, connections: 8, durationSeconds: 10 });
  const heavyDelay = await readLoopDelay(server.child, loopFile);
  say(
    `\n- GET /health while 8 connections send 1000-character compound questions for 10 s: p50 ${formatMs(heavy.health.p50)}, p99 ${formatMs(heavy.health.p99)}, ` +
      `max ${formatMs(heavy.healthMax)} (${heavy.health.count} probes); ${heavy.heavyRequests} heavy requests (statuses ${JSON.stringify(heavy.statuses)}, ${heavy.heavyErrors} errors); ` +
      `event-loop delay p50 / p99 / max ${loopText(heavyDelay)}`,
  );

  const floor = await bareOnnxRunTime({ modelsDir: config.modelsDir, modelId: config.embeddingModel, questions, threads: [1, 2] });
  const floorText = [...floor].map(([threads, summary]) => `${threads} intra-op thread${threads > 1 ? "s" : ""}: p50 ${formatMs(summary.p50)}`).join(", ");
  say(`- bare ONNX run() of one tokenized question (the floor), in the bench process: ${floorText}; a question over HTTP one at a time: p50 ${formatMs(single.p50)}`);

  if (!values["server-only"]) {
    const before = await residentMiB(pid);
    const soak = await loadTest({ baseUrl: server.baseUrl, questions, connections: 8, amount: 10_000 });
    const after = await residentMiB(pid);
    say(`\n- RSS ${before.toFixed(0)} MiB before and ${after.toFixed(0)} MiB after 10,000 more requests (${soak.errors} errors): ${(after - before >= 0 ? "+" : "")}${(after - before).toFixed(1)} MiB`);
  }
  await server.stop();
}

// 4. Scaling: synthetic corpora 10× and 100× the size, each measured in a process of its own.
if (!values.quick && !values["server-only"]) {
  const run = promisify(execFile);
  say(`\n## Scaling (synthetic corpora built from the real one)\n| size | chunks + sentences | build | texts/s | build peak RSS | index on disk | ask p50 / p95 | HNSW search p50 | brute-force search p50 |\n|---|---|---|---|---|---|---|---|---|`);
  for (const factor of scaleFactors) {
    const { stdout } = await run(process.execPath, ["--import", "tsx", "src/bench/scale-worker.ts", String(factor)], { cwd: root, maxBuffer: 1 << 20 });
    const result = JSON.parse(stdout.trim().split("\n").pop() as string);
    say(
      `| ${factor}× | ${result.chunks} + ${result.sentences} | ${result.buildSeconds.toFixed(1)} s | ${result.textsPerSecond.toFixed(0)} | ${result.buildPeakMiB.toFixed(0)} MiB | ${result.indexMiB.toFixed(1)} MiB | ` +
        `${formatMs(result.ask.p50)} / ${formatMs(result.ask.p95)} | ${formatMs(result.hnswSearch.p50)} | ${formatMs(result.bruteForceSearch.p50)} |`,
    );
  }
}
if (!values.quick) await restartSection();
if (!values.quick && !values["server-only"]) await incrementalSection();
if (!values.quick && !values["server-only"]) await storesSection();
console.log("\n--- markdown ---\n" + report.join("\n"));
