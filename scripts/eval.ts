/**
 * `npm run eval`: answer quality on three sets side by side — the golden set (and its held-out
 * twin) over the bundled articles, a SQuAD 2.0 dev set over articles the verifier never saw, and
 * the Fastify docs set — with latency.
 *
 *   npm run eval                      all sets
 *   npm run eval -- --set squad       one set (golden, squad, docs)
 *   npm run eval -- --verbose         the answering options in force, and every miss
 *   npm run eval -- --calibrate       fit the abstention decision on the SQuAD calibration articles
 */
import path from "node:path";
import { parseArgs } from "node:util";
import { withAnswerOptions } from "../src/answer/answer-options.js";
import { createAssistant } from "../src/assistant.js";
import { loadRuntime } from "../src/bootstrap.js";
import { parseConfig } from "../src/config.js";
import type { Embedder } from "../src/embed/embedder.js";
import { decisionSamples, FALSE_ABSTENTION_BUDGET, fitDecision } from "../src/eval/calibrate.js";
import { docsMisses, docsSummary, evaluateDocsSet, loadDocsRuntime, readDocsSet } from "../src/eval/docs-set.js";
import { evaluate, evaluateConversations, type EvaluationReport } from "../src/eval/evaluate.js";
import { readGoldenSet } from "../src/eval/golden-set.js";
import { evaluateSquad, loadSquadRuntime, readSquadSet, SQUAD_DATA_DIR, squadSummary, type SquadSet } from "../src/eval/squad-set.js";

const { values } = parseArgs({
  options: {
    verbose: { type: "boolean", default: false },
    all: { type: "boolean", default: false },
    set: { type: "string", multiple: true },
    calibrate: { type: "boolean", default: false },
    squad: { type: "string", default: SQUAD_DATA_DIR },
    "false-abstentions": { type: "string", default: String(FALSE_ABSTENTION_BUDGET) },
  },
});
const verbose = values.verbose;
const runtimes: Embedder[] = [];
const runs = (name: string) => !values.set || values.set.includes(name);

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

const squadRuntime = (set: SquadSet) => loadSquadRuntime(set, { log: console.log });

if (values.calibrate) {
  const set = await readSquadSet(values.squad, "calibration");
  const runtime = await squadRuntime(set);
  // The fit must see every question's word-drop rise, so here no question skips the probe.
  const probing = createAssistant({ index: runtime.assistant.index, embedder: runtime.embedder, verifier: runtime.verifier, options: withAnswerOptions({ verifier: { probeBand: null } }, runtime.assistant.options) });
  const samples = await decisionSamples(probing, set.questions);
  const fitted = fitDecision(samples, Number(values["false-abstentions"]));
  console.log(`calibration: ${samples.length} questions from ${set.articles.map((article) => article.title).join(", ")}`);
  const ruled = (answerable: boolean) => `${samples.filter((sample) => sample.answerable === answerable && sample.ruledOut).length}/${samples.filter((sample) => sample.answerable === answerable).length}`;
  console.log(`abstaining by rule whatever the confidence: answerable ${ruled(true)}, unanswerable ${ruled(false)}`);
  console.log(`verifier decision and threshold: ${JSON.stringify(fitted)}`);
  await runtime.embedder.dispose();
  process.exit(0);
}

if (runs("golden")) {
  const config = parseConfig();
  const { assistant, embedder } = await loadRuntime(config, { log: console.log });
  if (verbose) console.log(`answering options: ${JSON.stringify(assistant.options, null, 1)}`);
  // One unmeasured question so the figures are warm.
  await assistant.ask("warm-up question");
  for (const name of ["golden", "holdout"]) {
    const golden = await readGoldenSet(path.resolve("tests", `${name}.json`));
    const report = await evaluate(assistant, golden.questions);
    if (verbose) {
      for (const result of report.results) {
        const ok = result.question.answerable ? result.citesExpected : result.answer.abstained;
        if (ok && !values.all) continue;
        console.log(`${ok ? "ok  " : "MISS"} ${result.question.id} rank=${result.firstHit ?? "-"} ${result.question.question}\n     → ${result.answer.answer.slice(0, 220)}\n     cites ${result.answer.citations.map((c) => c.id).join(", ") || "nothing"}; expected ${result.question.expected.join(", ") || "abstention"}`);
      }
    }
    console.log(summary(name, report));
    const conversations = await evaluateConversations(assistant, golden.conversations);
    console.log(`  follow-up conversations citing an expected paragraph ${conversations.hits}/${conversations.total}`);
    if (verbose) for (const miss of conversations.misses) console.log(`     MISS conversation ${miss}`);
  }
  console.log(`model ${assistant.index.manifest.model.id}, ${assistant.index.manifest.counts.chunks} chunks, node ${process.version}`);
  runtimes.push(embedder);
}

if (runs("squad")) {
  const set = await readSquadSet(values.squad, "dev");
  const runtime = await squadRuntime(set);
  await runtime.assistant.ask("warm-up question");
  const report = await evaluateSquad(runtime.assistant, set.questions);
  // The heuristic evidence score's AUC on the same index, for comparison with the shipped decision.
  const heuristic = createAssistant({ index: runtime.assistant.index, embedder: runtime.embedder, options: withAnswerOptions({ mode: "heuristic" }) });
  const heuristicReport = await evaluateSquad(heuristic, set.questions);
  if (verbose) {
    for (const result of report.results.filter((result) => (result.question.answerable ? !result.holdsAnswer : !result.answer.abstained)).slice(0, 40)) {
      console.log(`MISS ${result.question.answerable ? "answerable" : "unanswerable"} ${result.question.question}\n     → ${result.answer.answer.slice(0, 200)} (confidence ${result.answer.confidence.toFixed(3)})\n     gold ${result.question.answers.slice(0, 2).join(" | ") || "none"}`);
    }
  }
  console.log(squadSummary(`squad dev (${set.articles.map((article) => article.title).join(", ")})`, report, heuristicReport.auc));
  console.log(squadSummary("squad dev, heuristic answering (ANSWER_MODE=heuristic)", heuristicReport));
  runtimes.push(runtime.embedder);
}

if (runs("docs")) {
  // The Fastify docs set, over its own index of tests/data/fastify-docs (built on first use; src/eval/docs-set.ts).
  const docs = await loadDocsRuntime({ log: console.log });
  const docsReport = await evaluateDocsSet(docs.assistant, await readDocsSet(path.resolve("tests", "docs-eval.json")));
  if (verbose) for (const miss of docsMisses(docsReport)) console.log(miss);
  console.log(docsSummary(docsReport));
  runtimes.push(docs.embedder);
}

// Disposed together at the end: onnxruntime's native addon cannot be loaded again in a process
// whose earlier worker threads have ended, so each set's inference pool lives until then.
await Promise.all(runtimes.map((embedder) => embedder.dispose()));
