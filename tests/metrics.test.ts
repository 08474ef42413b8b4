import { describe, expect, it } from "vitest";
import { fitDecision } from "../src/eval/calibrate.js";
import { areaUnderCurve, percentile } from "../src/eval/metrics.js";

describe("areaUnderCurve", () => {
  it("is 1 for a perfect separation, 0.5 for ties, 0 for an inverted one", () => {
    expect(areaUnderCurve([0.9, 0.8], [0.1, 0.2])).toBe(1);
    expect(areaUnderCurve([0.5, 0.5], [0.5])).toBe(0.5);
    expect(areaUnderCurve([0.1], [0.9])).toBe(0);
    expect(areaUnderCurve([0.9, 0.2], [0.5])).toBe(0.5);
    expect(areaUnderCurve([], [0.5])).toBeNaN();
  });
});

describe("percentile", () => {
  it("takes the nearest rank", () => {
    expect(percentile([5, 1, 3, 2, 4], 0.5)).toBe(3);
    expect(percentile([5, 1, 3, 2, 4], 1)).toBe(5);
    expect(percentile([], 0.5)).toBe(0);
  });
});

/** The decision's confidence, written out here so the test does not read it from the code it checks. */
function confidenceUnder(decision: ReturnType<typeof fitDecision>["decision"]) {
  return (sample: { verifierLogit: number; missingTerms: number; evidence: number; wordDropGain: number }) =>
    1 / (1 + Math.exp(-(decision.bias + decision.verifierLogit * sample.verifierLogit + decision.missingTerms * sample.missingTerms + decision.evidence * sample.evidence + decision.wordDropGain * sample.wordDropGain)));
}

describe("fitDecision", () => {
  it("learns that a high verifier score means answerable and missing terms mean not, and keeps false abstentions at the rate", () => {
    const samples = [
      ...Array.from({ length: 50 }, (_, i) => ({ answerable: true, ruledOut: false, verifierLogit: 1 + (i % 5), missingTerms: 0.1, evidence: 0.5, wordDropGain: 0 })),
      ...Array.from({ length: 50 }, (_, i) => ({ answerable: false, ruledOut: false, verifierLogit: -1 - (i % 5), missingTerms: 0.6, evidence: 0.5, wordDropGain: 0 })),
    ];
    const { decision, threshold } = fitDecision(samples, 0.04);
    expect(decision.verifierLogit).toBeGreaterThan(0);
    expect(decision.missingTerms).toBeLessThan(0);
    const confidence = confidenceUnder(decision);
    const falseAbstentions = samples.filter((sample) => sample.answerable && confidence(sample) < threshold).length;
    expect(falseAbstentions).toBeLessThanOrEqual(2);
    expect(samples.filter((sample) => !sample.answerable && confidence(sample) < threshold).length).toBe(50);
  });

  it("learns that a large rise of the verifier's score with a word left out means not answerable", () => {
    // Same verifier scores on both sides; only the word-drop gain tells them apart.
    const samples = [
      ...Array.from({ length: 50 }, (_, i) => ({ answerable: true, ruledOut: false, verifierLogit: i % 5, missingTerms: 0.1, evidence: 0.5, wordDropGain: -0.5 + (i % 3) / 10 })),
      ...Array.from({ length: 50 }, (_, i) => ({ answerable: false, ruledOut: false, verifierLogit: i % 5, missingTerms: 0.1, evidence: 0.5, wordDropGain: 1.5 + (i % 3) / 10 })),
    ];
    const { decision, threshold } = fitDecision(samples, 0.04);
    expect(decision.wordDropGain).toBeLessThan(0);
    const confidence = confidenceUnder(decision);
    expect(samples.filter((sample) => !sample.answerable && confidence(sample) < threshold).length).toBeGreaterThan(45);
    expect(samples.filter((sample) => sample.answerable && confidence(sample) < threshold).length).toBeLessThanOrEqual(2);
  });

  it("counts the answerable questions the rules abstain on against the rate", () => {
    // The two ruled out have the highest scores, so a threshold that ignored them would cut two others.
    const samples = Array.from({ length: 100 }, (_, i) => ({ answerable: i < 50, ruledOut: i >= 48 && i < 50, verifierLogit: i < 50 ? 1 + i / 10 : -1 - (i % 10), missingTerms: 0.1, evidence: 0.5, wordDropGain: 0 }));
    const { decision, threshold } = fitDecision(samples, 0.04);
    const confidence = confidenceUnder(decision);
    // Two of the 50 answerable are ruled out: the 4% rate leaves the threshold none to spend.
    expect(samples.filter((sample) => sample.answerable && !sample.ruledOut && confidence(sample) < threshold)).toEqual([]);
  });
});
