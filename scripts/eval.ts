/** `npm run eval`: retrieval and answer quality on the golden set (and the held-out set), with latency. */
import path from "node:path";
import { loadRuntime } from "../src/bootstrap.js";
import { parseConfig } from "../src/config.js";
import { evaluate, evaluateConversations, type EvaluationReport } from "../src/eval/evaluate.js";
import { readGoldenSet } from "../src/eval/golden-set.js";

const verbose = process.argv.includes("--verbose");
const sets = ["golden", "holdout"];

function summary(name: string, report: EvaluationReport): string {
  const pct = (value: number) => `${(value * 100).toFixed(1)}%`;
  return [
    `${name}: ${report.answerable} answerable + ${report.unanswerable} unanswerable questions`,
    `  recall@1 ${pct(report.recallAt1)}  recall@3 ${pct(report.recallAt3)}  recall@5 ${pct(report.recallAt5)}  MRR ${report.mrr.toFixed(3)}`,
    `  answers citing an expected paragraph ${pct(report.citationAccuracy)}  answers containing the expected text ${pct(report.answerContainsRate)}`,
    `  abstained on unanswerable ${pct(report.abstainedWhenUnanswerable)}  abstained on answerable ${report.abstainedWhenAnswerable}/${report.answerable}`,
    `  latency (in-process, retrieval + answer) p50 ${report.latencyP50.toFixed(1)} ms  p95 ${report.latencyP95.toFixed(1)} ms`,
  ].join("\n");
}

const config = parseConfig();
const { assistant, embedder } = await loadRuntime(config, { log: console.log });
// One unmeasured question so the figures are warm.
await assistant.ask("warm-up question");
for (const name of sets) {
  const golden = await readGoldenSet(path.resolve("tests", `${name}.json`));
  const report = await evaluate(assistant, golden.questions);
  if (verbose) {
    for (const result of report.results) {
      const ok = result.question.answerable ? result.citesExpected : result.answer.abstained;
      if (ok && verbose && !process.argv.includes("--all")) continue;
      console.log(`${ok ? "ok  " : "MISS"} ${result.question.id} rank=${result.firstHit ?? "-"} ${result.question.question}\n     → ${result.answer.answer.slice(0, 220)}\n     cites ${result.answer.citations.map((c) => c.id).join(", ") || "nothing"}; expected ${result.question.expected.join(", ") || "abstention"}`);
    }
  }
  console.log(summary(name, report));
  const conversations = await evaluateConversations(assistant, golden.conversations);
  console.log(`  follow-up conversations citing an expected paragraph ${conversations.hits}/${conversations.total}`);
  if (verbose) for (const miss of conversations.misses) console.log(`     MISS conversation ${miss}`);
}
console.log(`model ${assistant.index.manifest.model.id}, ${assistant.index.manifest.counts.chunks} chunks, node ${process.version}`);
await embedder.dispose();
