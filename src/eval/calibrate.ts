import type { Assistant } from "../assistant.js";
import type { AnswerOptions } from "../answer/answer-options.js";
import { isAnswerSentence } from "../answer/follow-on.js";
import { percentile } from "./metrics.js";

/** One question's decision features: what `confidenceOf` combines. */
export interface DecisionSample {
  answerable: boolean;
  verifierLogit: number;
  missingTerms: number;
}

const logit = (p: number) => Math.log(Math.max(1e-6, p) / Math.max(1e-6, 1 - p));

/** The best verified prose sentence's features for each question (the verifier must be on). */
export async function decisionSamples(assistant: Assistant, questions: { question: string; answerable: boolean }[]): Promise<DecisionSample[]> {
  const samples: DecisionSample[] = [];
  for (const { question, answerable } of questions) {
    const { evidence } = await assistant.retrieve(question);
    const best = evidence.sentences
      .filter((sentence) => sentence.verified !== undefined && isAnswerSentence(sentence.text))
      .sort((a, b) => (b.verified as number) - (a.verified as number))[0];
    samples.push({ answerable, verifierLogit: best ? logit(best.verified as number) : -14, missingTerms: best?.missingTerms ?? 1 });
  }
  return samples;
}

/**
 * Logistic regression of answerability on the decision features (batch gradient descent; two
 * features, so plain and exact enough), then the confidence threshold that abstains on at most
 * `falseAbstentionRate` of the answerable questions.
 */
export function fitDecision(samples: DecisionSample[], falseAbstentionRate: number, iterations = 4000, learningRate = 0.1): Pick<AnswerOptions["verifier"], "decision" | "threshold"> {
  let bias = 0;
  let verifierLogit = 0;
  let missingTerms = 0;
  const scale = Math.max(1, ...samples.map((sample) => Math.abs(sample.verifierLogit)));
  for (let step = 0; step < iterations; step++) {
    let gradBias = 0;
    let gradLogit = 0;
    let gradMissing = 0;
    for (const sample of samples) {
      const x = sample.verifierLogit / scale;
      const predicted = 1 / (1 + Math.exp(-(bias + verifierLogit * x + missingTerms * sample.missingTerms)));
      const error = predicted - (sample.answerable ? 1 : 0);
      gradBias += error;
      gradLogit += error * x;
      gradMissing += error * sample.missingTerms;
    }
    bias -= (learningRate * gradBias) / samples.length;
    verifierLogit -= (learningRate * gradLogit) / samples.length;
    missingTerms -= (learningRate * gradMissing) / samples.length;
  }
  const decision = { bias, verifierLogit: verifierLogit / scale, missingTerms };
  const confidences = samples
    .filter((sample) => sample.answerable)
    .map((sample) => 1 / (1 + Math.exp(-(decision.bias + decision.verifierLogit * sample.verifierLogit + decision.missingTerms * sample.missingTerms))));
  // Abstaining below the confidence of the answerable question at this rank keeps false abstentions at the rate.
  const threshold = percentile(confidences, falseAbstentionRate);
  const round = (value: number) => Math.round(value * 10_000) / 10_000;
  return { decision: { bias: round(decision.bias), verifierLogit: round(decision.verifierLogit), missingTerms: round(decision.missingTerms) }, threshold: round(threshold) };
}
