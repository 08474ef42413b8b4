import type { Assistant } from "../assistant.js";
import type { AnswerOptions } from "../answer/answer-options.js";
import { blendedScore } from "../answer/extractive-answerer.js";
import { isAnswerSentence } from "../answer/follow-on.js";
import { percentile } from "./metrics.js";

/** One question's decision features: what `confidenceOf` combines. */
export interface DecisionSample {
  answerable: boolean;
  verifierLogit: number;
  missingTerms: number;
  evidence: number;
}

const logit = (p: number) => Math.log(Math.max(1e-6, p) / Math.max(1e-6, 1 - p));

/** The best verified prose sentence's features for each question (the verifier must be on). */
export async function decisionSamples(assistant: Assistant, questions: { question: string; answerable: boolean }[]): Promise<DecisionSample[]> {
  const samples: DecisionSample[] = [];
  for (const { question, answerable } of questions) {
    const { evidence } = await assistant.retrieve(question);
    const best = evidence.sentences
      .filter((sentence) => sentence.verified !== undefined && isAnswerSentence(sentence.text))
      .sort((a, b) => blendedScore(b, assistant.options) - blendedScore(a, assistant.options))[0];
    samples.push({ answerable, verifierLogit: best ? logit(best.verified as number) : -14, missingTerms: best?.missingTerms ?? 1, evidence: best?.score ?? 0 });
  }
  return samples;
}

/**
 * Logistic regression of answerability on the decision features (batch gradient descent; two
 * features, so plain and exact enough), then the confidence threshold that abstains on at most
 * `falseAbstentionRate` of the answerable questions.
 */
export function fitDecision(samples: DecisionSample[], falseAbstentionRate: number, iterations = 4000, learningRate = 0.1): Pick<AnswerOptions["verifier"], "decision" | "threshold"> {
  const names = ["verifierLogit", "missingTerms", "evidence"] as const;
  // Features are scaled to at most 1 in magnitude while fitting, so one learning rate suits all.
  const scales = names.map((name) => Math.max(1, ...samples.map((sample) => Math.abs(sample[name]))));
  let bias = 0;
  const weights = names.map(() => 0);
  for (let step = 0; step < iterations; step++) {
    let gradBias = 0;
    const gradients = names.map(() => 0);
    for (const sample of samples) {
      const x = names.map((name, i) => sample[name] / (scales[i] as number));
      const predicted = 1 / (1 + Math.exp(-(bias + x.reduce((sum, value, i) => sum + value * (weights[i] as number), 0))));
      const error = predicted - (sample.answerable ? 1 : 0);
      gradBias += error;
      x.forEach((value, i) => (gradients[i] = (gradients[i] as number) + error * value));
    }
    bias -= (learningRate * gradBias) / samples.length;
    weights.forEach((weight, i) => (weights[i] = weight - (learningRate * (gradients[i] as number)) / samples.length));
  }
  const round = (value: number) => Math.round(value * 10_000) / 10_000;
  const [verifierLogit, missingTerms, evidence] = weights.map((weight, i) => round(weight / (scales[i] as number))) as [number, number, number];
  // The rounded weights are what ships, so the threshold is set on their confidences.
  const decision = { bias: round(bias), verifierLogit, missingTerms, evidence };
  const confidences = samples
    .filter((sample) => sample.answerable)
    .map((sample) => 1 / (1 + Math.exp(-(decision.bias + decision.verifierLogit * sample.verifierLogit + decision.missingTerms * sample.missingTerms + decision.evidence * sample.evidence))));
  // Abstaining below the confidence of the answerable question at this rank keeps false
  // abstentions at the rate; rounded down so rounding never adds one.
  const threshold = Math.floor(percentile(confidences, falseAbstentionRate) * 10_000) / 10_000;
  return { decision, threshold };
}
