import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Runtime } from "../src/bootstrap.js";
import { evaluateSquad, loadSquadRuntime, readSquadSet, SQUAD_DATA_DIR, type SquadReport } from "../src/eval/squad-set.js";

/**
 * Answers on documents nobody here wrote: the SQuAD 2.0 dev articles the verifier never trained on,
 * as a corpus of their own, with the real models. Measured (README, "Quality", 2026-12-06, the
 * three-layer verifier trained with negated questions too, two runs averaged, reading two
 * candidates, the best one probed with each content word of the question left out, and a sentence
 * that contradicts the question (an antonym or another year, rank or count) ruled out; the
 * decision fitted on the calibration articles): first citation 91.0%, gold answer held 88.4%,
 * false abstentions 3.6%, unanswerable abstained 31.7%, AUC 0.756 (0.766 with every question
 * probed: a question the probe cannot decide is not probed, and its confidence counts no rise; the
 * decisions are the same). Without the contradiction rules:
 * 91.1%, 88.6%, 3.5%, 22.0%, 0.731. The abstention bar is the product's own (30% of unanswerable
 * questions at ≤ 5% false abstentions); the others sit a little below the measurement.
 */
const THRESHOLDS = { firstCitationGold: 0.9, holdsAnswer: 0.87, maxFalseAbstentions: 0.05, abstainedWhenUnanswerable: 0.3, auc: 0.75 };

describe("SQuAD 2.0 dev set with the real models and the trained verifier", () => {
  let runtime: Runtime;
  let report: SquadReport;

  beforeAll(async () => {
    const set = await readSquadSet(SQUAD_DATA_DIR, "dev");
    runtime = await loadSquadRuntime(set);
    report = await evaluateSquad(runtime.assistant, set.questions);
  }, 900_000);

  afterAll(async () => {
    await runtime?.embedder.dispose();
  });

  it("is at least 300 answerable and 300 unanswerable questions, answered with the verifier", () => {
    expect(report.answerable).toBeGreaterThanOrEqual(300);
    expect(report.unanswerable).toBeGreaterThanOrEqual(300);
    expect(runtime.assistant.options.mode).toBe("verifier");
  });

  it(`cites the gold paragraph first for at least ${THRESHOLDS.firstCitationGold * 100}% of answerable questions`, () => {
    expect(report.firstCitationGold).toBeGreaterThanOrEqual(THRESHOLDS.firstCitationGold);
  });

  it(`holds a gold answer for at least ${THRESHOLDS.holdsAnswer * 100}% of answerable questions`, () => {
    expect(report.holdsAnswer).toBeGreaterThanOrEqual(THRESHOLDS.holdsAnswer);
  });

  it(`abstains on at most ${THRESHOLDS.maxFalseAbstentions * 100}% of answerable questions and at least ${THRESHOLDS.abstainedWhenUnanswerable * 100}% of unanswerable ones`, () => {
    expect(report.falseAbstentions).toBeLessThanOrEqual(THRESHOLDS.maxFalseAbstentions);
    expect(report.abstainedWhenUnanswerable).toBeGreaterThanOrEqual(THRESHOLDS.abstainedWhenUnanswerable);
  });

  it("separates answerable from unanswerable questions better than chance", () => {
    expect(report.auc).toBeGreaterThan(THRESHOLDS.auc);
  });

  it("cites nothing when it abstains, and something when it answers", () => {
    for (const { answer } of report.results) expect(answer.citations.length === 0).toBe(answer.abstained);
  });
});
