/**
 * `npm run bench`: speed figures on this machine — index build, cold start, in-process and HTTP latency.
 * Questions come from the golden set; every figure is measured in this run, nothing is assumed.
 */
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { loadRuntime } from "../src/bootstrap.js";
import { parseConfig } from "../src/config.js";
import { fingerprintModel } from "../src/embed/model-fingerprint.js";
import { createTransformersEmbedder } from "../src/embed/transformers-embedder.js";
import { readGoldenSet } from "../src/eval/golden-set.js";
import { buildIndex } from "../src/store/build-index.js";
import { startServerProcess } from "../src/bench/server-process.js";
import { formatMs, summarize } from "../src/bench/stats.js";

const root = process.cwd();
const config = parseConfig();
const questions = (await readGoldenSet(path.join(root, "tests/golden.json"))).questions.map((question) => question.question);
const machine = `${os.cpus().length} × ${os.cpus()[0]?.model ?? "cpu"}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}, ${os.platform()} ${os.arch()}`;
console.log(`Machine: ${machine}\n`);

// 1. Full index build of the corpus, into a temporary directory.
{
  const indexDir = await mkdtemp(path.join(os.tmpdir(), "bench-index-"));
  const embedder = createTransformersEmbedder({ modelsDir: config.modelsDir, modelId: config.embeddingModel });
  const began = performance.now();
  const manifest = await buildIndex({ corpusDir: config.corpusDir, indexDir, embedder, model: await fingerprintModel(config.modelsDir, config.embeddingModel) });
  const seconds = (performance.now() - began) / 1000;
  console.log(`Index build (model load included): ${seconds.toFixed(2)} s for ${manifest.counts.chunks} chunks + ${manifest.counts.sentences} sentences (${(manifest.counts.chunks / seconds).toFixed(0)} chunks/s)`);
  await embedder.dispose();
  await rm(indexDir, { recursive: true, force: true });
}

// 2. In-process latency: retrieval + answer, warm.
{
  const { assistant, embedder } = await loadRuntime(config);
  for (const question of questions.slice(0, 10)) await assistant.ask(question);
  const timings: number[] = [];
  for (let round = 0; round < 3; round++) {
    for (const question of questions) {
      const began = performance.now();
      await assistant.ask(question);
      timings.push(performance.now() - began);
    }
  }
  const summary = summarize(timings);
  console.log(`In-process ask (warm, ${summary.count} questions): p50 ${formatMs(summary.p50)}, p95 ${formatMs(summary.p95)}`);
  await embedder.dispose();
}

// 3. Cold start to a healthy /health, then warm HTTP latency on loopback, one request at a time.
{
  const starts: number[] = [];
  for (let run = 0; run < 3; run++) {
    const server = await startServerProcess({ root, port: 3900 + run });
    starts.push(server.coldStartMs);
    if (run < 2) await server.stop();
    else {
      const ask = async (question: string) => {
        const response = await fetch(`${server.baseUrl}/ask`, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ question }) });
        if (response.status !== 200) throw new Error(`HTTP ${response.status}`);
        await response.arrayBuffer();
      };
      for (const question of questions.slice(0, 10)) await ask(question);
      const timings: number[] = [];
      for (let round = 0; round < 3; round++) {
        for (const question of questions) {
          const began = performance.now();
          await ask(question);
          timings.push(performance.now() - began);
        }
      }
      const summary = summarize(timings);
      console.log(`HTTP POST /ask (warm, sequential, ${summary.count} requests): p50 ${formatMs(summary.p50)}, p95 ${formatMs(summary.p95)}`);
      await server.stop();
    }
  }
  console.log(`Cold start to healthy /health (3 runs): ${starts.map((ms) => formatMs(ms)).join(", ")}; median ${formatMs(summarize(starts).p50)}`);
}
