/**
 * Chooses how many candidate sentences the verifier reads per question, by measurement on the SQuAD
 * calibration articles (never the dev set): for each count, the abstention decision is fitted
 * (false abstentions at most --false-abstentions) and the answers scored, with their latency.
 *
 *   npx tsx scripts/tune-verifier.ts [--candidates 2,3,4] [--blend 0.15,0.3]
 */
import { parseArgs } from "node:util";
import { withAnswerOptions } from "../src/answer/answer-options.js";
import { createAssistant } from "../src/assistant.js";
import { decisionSamples, FALSE_ABSTENTION_BUDGET, fitDecision } from "../src/eval/calibrate.js";
import { evaluateSquad, loadSquadRuntime, readSquadSet, SQUAD_DATA_DIR, squadSummary } from "../src/eval/squad-set.js";

const { values } = parseArgs({ options: { candidates: { type: "string", default: "2,3,4" }, blend: { type: "string", default: "0.15,0.3" }, "false-abstentions": { type: "string", default: String(FALSE_ABSTENTION_BUDGET) } } });
const set = await readSquadSet(SQUAD_DATA_DIR, "calibration");
const runtime = await loadSquadRuntime(set);
if (!runtime.verifier) throw new Error("the verifier is off (ANSWER_MODE=heuristic)");
await runtime.assistant.ask("warm-up question");
for (const candidates of values.candidates.split(",").map(Number)) {
  for (const blend of values.blend.split(",").map(Number)) {
    const probe = createAssistant({ index: runtime.assistant.index, embedder: runtime.embedder, verifier: runtime.verifier, options: withAnswerOptions({ verifier: { candidates, blend } }) });
    const fitted = fitDecision(await decisionSamples(probe, set.questions), Number(values["false-abstentions"]));
    const assistant = createAssistant({ index: runtime.assistant.index, embedder: runtime.embedder, verifier: runtime.verifier, options: withAnswerOptions({ verifier: { candidates, blend, ...fitted } }) });
    console.log(`candidates ${candidates}, blend ${blend}: ${JSON.stringify(fitted)}`);
    console.log(squadSummary(`calibration, ${candidates} candidates, blend ${blend}`, await evaluateSquad(assistant, set.questions)));
  }
}
await runtime.embedder.dispose();
