/**
 * Chooses how many candidate sentences the verifier reads per question, the ranking blend and the
 * share at which a neighbour joins an answer, by measurement on the SQuAD calibration articles
 * (never the dev set): for each setting, the abstention decision is fitted (false abstentions at
 * most --false-abstentions) and the answers scored, with their length and latency.
 *
 *   npx tsx scripts/tune-verifier.ts [--candidates 2,3,4] [--blend 0.15,0.3] [--follower 0.5,0.7]
 */
import { parseArgs } from "node:util";
import { withAnswerOptions } from "../src/answer/answer-options.js";
import { createAssistant } from "../src/assistant.js";
import { decisionSamples, FALSE_ABSTENTION_BUDGET, fitDecision } from "../src/eval/calibrate.js";
import { evaluateSquad, loadSquadRuntime, readSquadSet, SQUAD_DATA_DIR, squadSummary } from "../src/eval/squad-set.js";

const { values } = parseArgs({ options: { candidates: { type: "string", default: "2,3,4" }, blend: { type: "string", default: "0.15,0.3" }, follower: { type: "string", default: "0.7" }, "false-abstentions": { type: "string", default: String(FALSE_ABSTENTION_BUDGET) } } });
const set = await readSquadSet(SQUAD_DATA_DIR, "calibration");
const runtime = await loadSquadRuntime(set);
if (!runtime.verifier) throw new Error("the verifier is off (ANSWER_MODE=heuristic)");
await runtime.assistant.ask("warm-up question");
for (const candidates of values.candidates.split(",").map(Number)) {
  for (const blend of values.blend.split(",").map(Number)) {
    const probe = createAssistant({ index: runtime.assistant.index, embedder: runtime.embedder, verifier: runtime.verifier, options: withAnswerOptions({ verifier: { candidates, blend } }) });
    const fitted = fitDecision(await decisionSamples(probe, set.questions), Number(values["false-abstentions"]));
    console.log(`candidates ${candidates}, blend ${blend}: ${JSON.stringify(fitted)}`);
    // The neighbour rule does not move the decision, which reads the best sentence only.
    for (const followerRatio of values.follower.split(",").map(Number)) {
      const assistant = createAssistant({ index: runtime.assistant.index, embedder: runtime.embedder, verifier: runtime.verifier, options: withAnswerOptions({ verifier: { candidates, blend, followerRatio, ...fitted } }) });
      const report = await evaluateSquad(assistant, set.questions);
      const answered = report.results.filter((result) => !result.answer.abstained);
      // Every answer sentence ends with its [n] marker.
      const twoSentences = answered.filter((result) => (result.answer.answer.match(/\[\d+\]/g)?.length ?? 0) > 1).length;
      console.log(squadSummary(`calibration, ${candidates} candidates, blend ${blend}, neighbour at ${followerRatio}`, report));
      console.log(`  answers of two sentences ${twoSentences}/${answered.length}`);
    }
  }
}
await runtime.embedder.dispose();
