/**
 * Chooses the fusion settings by measurement: recall@1 of the paragraph ranking (hybrid retrieval
 * plus sentence evidence, no verifier) on the SQuAD calibration articles and on the golden set,
 * for a grid of dense weights and RRF constants. The dev articles are never used here.
 *
 *   npx tsx scripts/tune-retrieval.ts
 */
import path from "node:path";
import { withAnswerOptions } from "../src/answer/answer-options.js";
import { createAssistant, type IndexedAssistant } from "../src/assistant.js";
import { loadRuntime } from "../src/bootstrap.js";
import { parseConfig } from "../src/config.js";
import { createCachedEmbedder } from "../src/embed/cached-embedder.js";
import { readGoldenSet } from "../src/eval/golden-set.js";
import { loadSquadRuntime, readSquadSet, SQUAD_DATA_DIR } from "../src/eval/squad-set.js";

interface Probe {
  question: string;
  isGold: (paragraphId: string, text: string) => boolean;
}

async function recallAt1(assistant: IndexedAssistant, probes: Probe[]): Promise<number> {
  let hits = 0;
  for (const probe of probes) {
    const [first] = (await assistant.retrieve(probe.question, { k: 1, paragraphsOnly: true })).paragraphIds;
    if (first && probe.isGold(first, assistant.index.passages.paragraphs.get(first)?.text ?? "")) hits++;
  }
  return hits / probes.length;
}

const squad = await readSquadSet(SQUAD_DATA_DIR, "calibration");
const squadRuntime = await loadSquadRuntime(squad, { environment: { ANSWER_MODE: "heuristic" } });
const squadProbes: Probe[] = squad.questions.filter((question) => question.answerable).map((question) => ({ question: question.question, isGold: (_, text) => text.length > 0 && question.context.includes(text) }));

const goldenRuntime = await loadRuntime(parseConfig({ INDEX_DIR: "/tmp/golden-index", ...process.env, WATCH: "false", ANSWER_MODE: "heuristic" }));
const golden = await readGoldenSet(path.resolve("tests", "golden.json"));
const goldenProbes: Probe[] = golden.questions.filter((question) => question.answerable).map((question) => ({ question: question.question, isGold: (id) => question.expected.includes(id) }));

// Each question is embedded once, whatever the setting.
const squadEmbedder = createCachedEmbedder(squadRuntime.embedder);
const goldenEmbedder = createCachedEmbedder(goldenRuntime.embedder);
console.log("denseWeight rrfK  squad-calibration recall@1  golden recall@1");
for (const denseWeight of [0.3, 0.4, 0.5, 0.6, 0.7]) {
  for (const rrfK of [10, 30, 60]) {
    const options = withAnswerOptions({ mode: "heuristic", retrieval: { denseWeight, rrfK } });
    const onSquad = await recallAt1(createAssistant({ index: squadRuntime.assistant.index, embedder: squadEmbedder, options }), squadProbes);
    const onGolden = await recallAt1(createAssistant({ index: goldenRuntime.assistant.index, embedder: goldenEmbedder, options }), goldenProbes);
    console.log(`${denseWeight.toFixed(1).padStart(11)} ${String(rrfK).padStart(4)}  ${(onSquad * 100).toFixed(1).padStart(25)}%  ${(onGolden * 100).toFixed(1).padStart(14)}%`);
  }
}
await squadRuntime.embedder.dispose();
await goldenRuntime.embedder.dispose();
