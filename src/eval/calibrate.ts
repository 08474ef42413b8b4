import type { Assistant } from "../assistant.js";
import type { AnswerOptions } from "../answer/answer-options.js";
import { bestCandidate, decisionConfidence, decisionFeatures, ruledOut, type DecisionFeatures } from "../answer/extractive-answerer.js";
import { percentile } from "./metrics.js";

/** One question's decision features: what `confidenceOf` combines. */
export interface DecisionSample extends DecisionFeatures {
  answerable: boolean;
  /** Answering abstains whatever the confidence (see `ruledOut`). */
  ruledOut: boolean;
}

/** The share of answerable questions the decision may abstain on: the product's false-abstention goal. */
export const FALSE_ABSTENTION_BUDGET = 0.05;

/** The best verified prose sentence's features for each question (the verifier must be on). */
export async function decisionSamples(assistant: Assistant, questions: { question: string; answerable: boolean }[]): Promise<DecisionSample[]> {
  const samples: DecisionSample[] = [];
  for (const { question, answerable } of questions) {
    const { evidence } = await assistant.retrieve(question);
    const best = bestCandidate(evidence, assistant.options);
    // With no verified sentence the rules abstain whatever the features say (ruledOut).
    if (best?.verified === undefined) samples.push({ answerable, ruledOut: true, verifierLogit: -14, missingTerms: 1, evidence: 0, wordDropGain: 0 });
    else samples.push({ answerable, ruledOut: ruledOut(best, evidence), ...decisionFeatures(best, best.verified) });
  }
  return samples;
}

/**
 * Logistic regression of answerability on the decision features (batch gradient descent; four
 * features, so plain and exact enough), then the confidence threshold that abstains on at most
 * `falseAbstentionRate` of the answerable questions, counting those the rules abstain on anyway.
 */
export function fitDecision(samples: DecisionSample[], falseAbstentionRate: number, iterations = 4000, learningRate = 0.1): Pick<AnswerOptions["verifier"], "decision" | "threshold"> {
  const names = ["verifierLogit", "missingTerms", "evidence", "wordDropGain"] as const;
  // The decision is fitted on the questions it decides: the rules settle the others whatever it says.
  const decided = samples.filter((sample) => !sample.ruledOut);
  // Features are scaled to at most 1 in magnitude while fitting, so one learning rate suits all.
  const scales = names.map((name) => Math.max(1, ...decided.map((sample) => Math.abs(sample[name]))));
  let bias = 0;
  const weights = names.map(() => 0);
  for (let step = 0; step < iterations; step++) {
    let gradBias = 0;
    const gradients = names.map(() => 0);
    for (const sample of decided) {
      const x = names.map((name, i) => sample[name] / (scales[i] as number));
      const predicted = 1 / (1 + Math.exp(-(bias + x.reduce((sum, value, i) => sum + value * (weights[i] as number), 0))));
      const error = predicted - (sample.answerable ? 1 : 0);
      gradBias += error;
      x.forEach((value, i) => (gradients[i] = (gradients[i] as number) + error * value));
    }
    bias -= (learningRate * gradBias) / decided.length;
    weights.forEach((weight, i) => (weights[i] = weight - (learningRate * (gradients[i] as number)) / decided.length));
  }
  const round = (value: number) => Math.round(value * 10_000) / 10_000;
  const [verifierLogit, missingTerms, evidence, wordDropGain] = weights.map((weight, i) => round(weight / (scales[i] as number))) as [number, number, number, number];
  // The rounded weights are what ships, so the threshold is set on their confidences.
  const decision = { bias: round(bias), verifierLogit, missingTerms, evidence, wordDropGain };
  // The rules' own abstentions count against the rate; the threshold spends what they leave.
  const answerable = samples.filter((sample) => sample.answerable);
  const open = decided.filter((sample) => sample.answerable);
  const rate = Math.max(0, (falseAbstentionRate * answerable.length - (answerable.length - open.length)) / Math.max(1, open.length));
  const confidences = open.map((sample) => decisionConfidence(decision, sample));
  // Abstaining below the confidence of the answerable question at this rank keeps false
  // abstentions at the rate; rounded down so rounding never adds one.
  const threshold = Math.floor(percentile(confidences, rate) * 10_000) / 10_000;
  return { decision, threshold };
}
