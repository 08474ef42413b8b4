import { z } from "zod";

/**
 * Weights of the heuristic evidence score of one candidate sentence. They sum to one except the
 * type-mismatch penalty, which is subtracted. Every weight is a named feature (see evidence.ts).
 */
const evidenceWeightsSchema = z
  .object({
    /** Cosine similarity between the question and the sentence. */
    sentence: z.number().min(0),
    /** Best similarity between the question and the sentence's paragraph. */
    paragraph: z.number().min(0),
    /** idf-weighted share of the question's terms in the sentence, its previous sentence, title and section. */
    coverage: z.number().min(0),
    /** The sentence holds the kind of fact asked for (a time for "when", an amount for "how many"). */
    typeMatch: z.number().min(0),
    /** 1 / (1 + the paragraph's rank in hybrid retrieval). */
    rank: z.number().min(0),
    /** The paragraph that introduces the term a definition question asks about, or the opening of a named document. */
    introduction: z.number().min(0),
    /** Subtracted when the sentence lacks the kind of fact asked for. */
    typeMismatch: z.number().min(0),
  })
  .refine((weights) => Math.abs(weights.sentence + weights.paragraph + weights.coverage + weights.typeMatch + weights.rank + weights.introduction - 1) < 1e-6, {
    message: "the evidence weights (all but typeMismatch) must sum to 1",
  });

export const answerOptionsSchema = z.object({
  /** `verifier`: the trained model chooses and decides; `heuristic`: the evidence score alone. */
  mode: z.enum(["verifier", "heuristic"]),
  retrieval: z.object({
    /** Paragraphs hybrid retrieval hands to sentence scoring. */
    candidates: z.number().int().min(1).max(100),
    /** Candidates each retriever contributes to fusion. */
    perRetriever: z.number().int().min(1).max(200),
    /** Reciprocal rank fusion constant. */
    rrfK: z.number().min(0),
    /** Weight of the dense ranking in fusion; lexical gets 1 − this. */
    denseWeight: z.number().min(0).max(1),
  }),
  evidence: evidenceWeightsSchema,
  heuristic: z.object({
    /** Below this evidence score the documents are taken not to hold the answer. */
    minScore: z.number(),
    /** A further sentence joins the answer when it scores at least this share of the best one. */
    followerRatio: z.number().min(0).max(1),
  }),
  verifier: z.object({
    /** Candidate sentences (best by evidence score) the verifier reads per question part. */
    candidates: z.number().int().min(1).max(64),
    /** Candidates are ranked by (1 − blend) × evidence score + blend × verifier score. */
    blend: z.number().min(0).max(1),
    /**
     * Questions with one content word left out that the verifier reads against the best sentence
     * (probe-best.ts); 0 reads none, and the word-drop term of the decision is then 0.
     */
    probes: z.number().int().min(0).max(32),
    /**
     * The word-drop rises the probe is taken to give (a wide band around calibration's 1st to 99th
     * percentile, −0.43 to 1.36): the best sentence is probed only when a rise in it could move the
     * decision across the threshold, so a question the decision is sure of either way costs no
     * probe. null probes every question (calibration does, so the fit sees every rise).
     */
    probeBand: z.object({ low: z.number(), high: z.number() }).refine((band) => band.low <= band.high, "low must not exceed high").nullable(),
    /**
     * The decision: confidence = sigmoid(bias + verifierLogit × logit(best verifier score) +
     * missingTerms × share of the question's terms absent from the answer's paragraph and title +
     * evidence × the best sentence's evidence score + wordDropGain × the largest rise of the
     * verifier's logit with one word of the question left out).
     */
    decision: z.object({ bias: z.number(), verifierLogit: z.number(), missingTerms: z.number(), evidence: z.number(), wordDropGain: z.number() }),
    /** Below this confidence the documents are taken not to hold the answer. */
    threshold: z.number().min(0).max(1),
    /**
     * The neighbouring sentence joins the answer when its verifier score is at least this share of
     * the best. The sentence after the answer reads the answer as its context and scores high for
     * that alone, so the share is set where answers are no longer than before (README "The answer
     * verifier": 0.7 gives two sentences to a fifth of calibration answers, 0.5 to two fifths).
     */
    followerRatio: z.number().min(0).max(1),
  }),
});

export type AnswerOptions = z.infer<typeof answerOptionsSchema>;
export type EvidenceWeights = AnswerOptions["evidence"];

/** Measured defaults: see README "Answer quality" for the sets and the commands that chose them. */
export const DEFAULT_ANSWER_OPTIONS: AnswerOptions = answerOptionsSchema.parse({
  mode: "verifier",
  retrieval: { candidates: 20, perRetriever: 40, rrfK: 60, denseWeight: 0.5 },
  evidence: { sentence: 0.45, paragraph: 0.2, coverage: 0.2, typeMatch: 0.05, rank: 0.05, introduction: 0.05, typeMismatch: 0.15 },
  heuristic: { minScore: 0.36, followerRatio: 0.8 },
  verifier: { candidates: 2, blend: 0.15, probes: 4, probeBand: { low: -1, high: 2 }, decision: { bias: -1.7562, verifierLogit: 0.9153, missingTerms: 0.503, evidence: 4.3317, wordDropGain: -0.7929 }, threshold: 0.338, followerRatio: 0.7 },
});

/** Options with some fields replaced, validated again (weights must still sum to one). */
export function withAnswerOptions(overrides: { [K in keyof AnswerOptions]?: Partial<AnswerOptions[K]> | AnswerOptions[K] }, base: AnswerOptions = DEFAULT_ANSWER_OPTIONS): AnswerOptions {
  const merged = Object.fromEntries(
    Object.entries(base).map(([key, value]) => {
      const override = overrides[key as keyof AnswerOptions];
      return [key, typeof value === "object" && override !== undefined ? { ...value, ...(override as object) } : (override ?? value)];
    }),
  );
  return answerOptionsSchema.parse(merged);
}
