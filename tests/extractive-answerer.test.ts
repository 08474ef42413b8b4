import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_ANSWER_OPTIONS, withAnswerOptions } from "../src/answer/answer-options.js";
import { compareEvidence, gatherEvidence, scoreEvidence, type Evidence, type EvidenceSet } from "../src/answer/evidence.js";
import { answerParts, bestCandidate, blendedScore, chooseSentences, confidenceOf, ruledOut } from "../src/answer/extractive-answerer.js";
import { probeBest, probeCannotDecide } from "../src/answer/probe-best.js";
import { verifyEvidence } from "../src/answer/verify-evidence.js";
import { createAssistant } from "../src/assistant.js";
import { Retriever } from "../src/retrieve/retriever.js";
import { TermStats } from "../src/retrieve/term-stats.js";
import type { LoadedIndex } from "../src/store/load-index.js";
import { PassageStore } from "../src/store/passage-store.js";
import type { Verifier, VerifierPair } from "../src/verifier/verifier.js";
import { buildFakeIndex } from "./support/fake-index.js";
import type { FakeEmbedder } from "./support/fake-embedder.js";

function evidence(row: number, fields: Partial<Evidence> = {}): Evidence {
  return {
    row,
    paragraphId: "doc/intro/1",
    start: 0,
    end: 10,
    text: `Sentence number ${row} says something.`,
    similarity: 0.5,
    paragraphSimilarity: 0.5,
    coverage: 0.5,
    typeMatch: undefined,
    rank: 1,
    introduction: false,
    retrievalRank: 0,
    missingTerms: 0,
    score: 0.5,
    ...fields,
  };
}

const set = (sentences: Evidence[], expected: EvidenceSet["expected"] = undefined): EvidenceSet => ({ expected, questionTerms: [], unknownNames: [], sentences, paragraphs: [] });

describe("scoreEvidence", () => {
  it("sums each feature times its weight, a type mismatch counting against", () => {
    const weights = DEFAULT_ANSWER_OPTIONS.evidence;
    const features = { similarity: 1, paragraphSimilarity: 0.5, coverage: 1, typeMatch: false, rank: 0.5, introduction: true };
    const expected = weights.sentence + weights.paragraph * 0.5 + weights.coverage + weights.rank * 0.5 + weights.introduction - weights.typeMismatch;
    expect(scoreEvidence(features, weights)).toBeCloseTo(expected, 12);
    expect(scoreEvidence({ ...features, typeMatch: true }, weights)).toBeCloseTo(expected + weights.typeMismatch + weights.typeMatch, 12);
    expect(scoreEvidence({ ...features, typeMatch: undefined, introduction: false }, weights)).toBeCloseTo(expected + weights.typeMismatch - weights.introduction, 12);
  });

  it("refuses weights that do not sum to one", () => {
    expect(() => withAnswerOptions({ evidence: { sentence: 0.9 } })).toThrow(/sum to 1/);
  });
});

describe("compareEvidence", () => {
  it("is a total order across paragraphs (antisymmetric, transitive, ties broken by position)", () => {
    const arbitrary = fc.record({ row: fc.nat(50), score: fc.double({ min: -1, max: 1, noNaN: true }), paragraph: fc.constantFrom("a/1", "b/1", "c/1") });
    fc.assert(
      fc.property(fc.array(arbitrary, { minLength: 3, maxLength: 12 }), (items) => {
        const sentences = items.map((item) => evidence(item.row, { score: item.score, paragraphId: item.paragraph }));
        const once = [...sentences].sort(compareEvidence);
        const twice = [...sentences].reverse().sort(compareEvidence);
        expect(once.map((s) => [s.score, s.row])).toEqual(twice.map((s) => [s.score, s.row]));
        for (const a of sentences) for (const b of sentences) expect(Math.sign(compareEvidence(a, b))).toBe(-Math.sign(compareEvidence(b, a)) || 0);
      }),
    );
  });
});

describe("chooseSentences with the verifier", () => {
  // Ranked by the verifier alone (blend 1), confidence = the verifier's score.
  const options = withAnswerOptions({ verifier: { ...DEFAULT_ANSWER_OPTIONS.verifier, blend: 1, threshold: 0.5, followerRatio: 0.6, decision: { bias: 0, verifierLogit: 1, missingTerms: 0, evidence: 0, wordDropGain: 0 } } });

  it("answers with the sentence the verifier scores best, not the one the evidence score prefers", () => {
    const { chosen, confidence } = chooseSentences(set([evidence(1, { score: 0.9, verified: 0.2 }), evidence(5, { score: 0.4, verified: 0.9 })]), options);
    expect(chosen.map((s) => s.row)).toEqual([5]);
    expect(confidence).toBeCloseTo(0.9);
  });

  it("blends the evidence score into the ranking", () => {
    const blended = withAnswerOptions({ verifier: { ...options.verifier, blend: 0.3 } });
    expect(blendedScore(evidence(1, { score: 0.9, verified: 0.2 }), blended)).toBeCloseTo(0.7 * 0.9 + 0.3 * 0.2);
    const { chosen } = chooseSentences(set([evidence(1, { score: 0.9, verified: 0.6 }), evidence(5, { score: 0.4, verified: 0.9 })]), blended);
    expect(chosen.map((s) => s.row)).toEqual([1]);
  });

  it("abstains below the threshold", () => {
    const { chosen, confidence } = chooseSentences(set([evidence(1, { verified: 0.3 })]), options);
    expect(chosen).toEqual([]);
    expect(confidence).toBeCloseTo(0.3);
  });

  it("adds the neighbouring sentence of the same paragraph when it scores nearly as well, in reading order", () => {
    const { chosen } = chooseSentences(set([evidence(4, { verified: 0.9 }), evidence(3, { verified: 0.7 }), evidence(9, { verified: 0.85, paragraphId: "other/1" })]), options);
    expect(chosen.map((s) => s.row)).toEqual([3, 4]);
  });

  it("never adds a sentence of another paragraph or a distant one", () => {
    const { chosen } = chooseSentences(set([evidence(4, { verified: 0.9 }), evidence(6, { verified: 0.89 }), evidence(5, { verified: 0.8, paragraphId: "other/1" })]), options);
    expect(chosen.map((s) => s.row)).toEqual([4]);
  });

  it("abstains when the best sentence lacks the time or amount asked for, however sure the verifier is", () => {
    expect(chooseSentences(set([evidence(1, { verified: 0.99, typeMatch: false })], "time"), options).chosen).toEqual([]);
    expect(chooseSentences(set([evidence(1, { verified: 0.99, typeMatch: false })], "quantity"), options).chosen).toEqual([]);
    expect(chooseSentences(set([evidence(1, { verified: 0.99, typeMatch: true })], "time"), options).chosen.map((s) => s.row)).toEqual([1]);
    // Other kinds of question are not held to it: a name can be written many ways.
    expect(chooseSentences(set([evidence(1, { verified: 0.99, typeMatch: false })], "name"), options).chosen.map((s) => s.row)).toEqual([1]);
  });

  it("abstains when the best sentence contradicts the question, however sure the verifier is", () => {
    const contradicts = { asked: "close", said: "open" };
    expect(chooseSentences(set([evidence(1, { verified: 0.99, contradicts })]), options)).toEqual({ chosen: [], confidence: 0 });
    expect(ruledOut(evidence(1, { verified: 0.99, contradicts }), set([]))).toBe(true);
  });

  it("never answers with a fence or a line of markup", () => {
    const { chosen } = chooseSentences(set([evidence(1, { verified: 0.99, text: "```" }), evidence(2, { verified: 0.8 })]), options);
    expect(chosen.map((s) => s.row)).toEqual([2]);
  });

  it("lowers confidence when the question's terms are missing from the paragraph", () => {
    const weighted = withAnswerOptions({ verifier: { ...options.verifier, decision: { bias: 0, verifierLogit: 1, missingTerms: -4, evidence: 0, wordDropGain: 0 } } });
    expect(confidenceOf(evidence(1, { verified: 0.8, missingTerms: 0.5 }), weighted)).toBeLessThan(confidenceOf(evidence(1, { verified: 0.8, missingTerms: 0 }), weighted));
  });

  it("lowers confidence as the verifier's score rises with a word of the question left out, and reads no probe as no rise", () => {
    const weighted = withAnswerOptions({ verifier: { ...options.verifier, decision: { bias: 0, verifierLogit: 1, missingTerms: 0, evidence: 0, wordDropGain: -1 } } });
    const probed = (wordDropGain: number | undefined) => confidenceOf(evidence(1, { verified: 0.8, wordDropGain }), weighted);
    expect(probed(2)).toBeLessThan(probed(0.5));
    expect(probed(-1)).toBeGreaterThan(probed(0));
    expect(probed(undefined)).toBeCloseTo(0.8);
    expect(probed(2)).toBeCloseTo(1 / (1 + Math.exp(-(Math.log(0.8 / 0.2) - 2))));
  });
});

describe("chooseSentences without the verifier", () => {
  const options = withAnswerOptions({ mode: "heuristic" });
  it("abstains below the minimum score and when a time question's best sentence holds no time", () => {
    expect(chooseSentences(set([evidence(1, { score: options.heuristic.minScore - 0.01 })]), options).chosen).toEqual([]);
    expect(chooseSentences(set([evidence(1, { score: 0.9, typeMatch: false })], "time"), options).chosen).toEqual([]);
    expect(chooseSentences(set([evidence(1, { score: 0.9, typeMatch: true })], "time"), options).chosen.map((s) => s.row)).toEqual([1]);
  });
});

describe("chooseSentences when the question names what no document mentions", () => {
  it("abstains in both modes, however well a sentence scores", () => {
    const unknown = (sentences: Evidence[]): EvidenceSet => ({ ...set(sentences), unknownNames: ["Cassandra"] });
    expect(chooseSentences(unknown([evidence(1, { score: 0.95 })]), withAnswerOptions({ mode: "heuristic" })).chosen).toEqual([]);
    expect(chooseSentences(unknown([evidence(1, { score: 0.95, verified: 0.99 })]), DEFAULT_ANSWER_OPTIONS)).toEqual({ chosen: [], confidence: 0 });
    expect(chooseSentences(set([evidence(1, { score: 0.95 })]), withAnswerOptions({ mode: "heuristic" })).chosen.map((s) => s.row)).toEqual([1]);
  });

  it("abstains on a compound question when one part names it, naming it, though another part could be answered", () => {
    const passages = new PassageStore({ documents: [], paragraphs: [], chunks: [], sentences: [] });
    const heuristic = withAnswerOptions({ mode: "heuristic" });
    const answerable = set([evidence(1, { score: 0.95 })]);
    const answer = answerParts(passages, [{ ...set([evidence(2, { score: 0.95 })]), unknownNames: ["Cassandra"] }, answerable], heuristic);
    expect(answer).toMatchObject({ abstained: true, citations: [], notMentioned: ["Cassandra"], confidence: 0 });
  });
});

/**
 * A scripted stand-in for the trained verifier (unit tests only; the real model is tested in
 * verifier.int.test.ts and measured by the eval): records the pairs it is asked to score and
 * scores each with `scoreOf`, by default whether its passage is the 1911 sentence.
 */
class RecordingVerifier implements Verifier {
  readonly modelId = "recording";
  readonly calls: VerifierPair[][] = [];
  constructor(private readonly scoreOf: (pair: VerifierPair) => number = (pair) => (pair.passage.startsWith("It opened in 1911") ? 0.95 : 0.1)) {}
  async score(pairs: VerifierPair[]): Promise<number[]> {
    this.calls.push(pairs);
    return pairs.map(this.scoreOf);
  }
  async dispose(): Promise<void> {}
}

describe("verifyEvidence and probeBest over a small index", () => {
  let index: LoadedIndex;
  let embedder: FakeEmbedder;
  let cleanup: () => Promise<void>;
  beforeAll(async () => {
    ({ index, embedder, cleanup } = await buildFakeIndex({
      "station.txt": "The station is large. It has ten platforms.\n\nThe station was designed by a railway company. It opened in 1911 after years of work.\n",
      "bridge.txt": "The bridge crosses the river. It opened to traffic much later.\n",
    }));
  });
  afterAll(() => cleanup());

  async function evidenceFor(question: string) {
    const retrieval = await new Retriever(index, embedder).retrieve(question, { k: 5 });
    return gatherEvidence(index, new TermStats(index.passages), retrieval, DEFAULT_ANSWER_OPTIONS.evidence);
  }

  it("reads at most the bounded number of candidates, in one batch", async () => {
    const verifier = new RecordingVerifier();
    const verified = await verifyEvidence(await evidenceFor("When did the station open?"), index.passages, verifier, "When did the station open?", { candidates: 2 });
    expect(verifier.calls.map((call) => call.length)).toEqual([2]);
    expect(verified.sentences.filter((sentence) => sentence.verified !== undefined)).toHaveLength(2);
  });

  it("gives each candidate its title and previous sentence, and keeps the evidence ranking of paragraphs", async () => {
    const verifier = new RecordingVerifier();
    const verified = await verifyEvidence(await evidenceFor("When did the station open?"), index.passages, verifier, "When did the station open?", { candidates: 10 });
    // Every sentence of the small corpus is read: all six.
    expect(verifier.calls[0]).toHaveLength(6);
    expect(verifier.calls[0]?.find((pair) => pair.passage.startsWith("It opened in 1911"))?.passage).toBe(
      "It opened in 1911 after years of work. | Station. The station was designed by a railway company.",
    );
    const opened = verified.sentences.find((sentence) => sentence.text.startsWith("It opened in 1911"));
    expect(opened?.verified).toBe(0.95);
    expect(verified.paragraphs).toEqual((await evidenceFor("When did the station open?")).paragraphs);
  });

  // These read the verification pass alone; the word-drop probe that follows it is tested below.
  const unprobed = withAnswerOptions({ verifier: { probes: 0 } });

  it("reads a follow-up after the question it refers back to, and a question that stands alone as asked", async () => {
    const verifier = new RecordingVerifier();
    const assistant = createAssistant({ index, embedder, verifier, options: unprobed });
    await assistant.ask("When did it open?", { context: ["Who designed the station?"] });
    await assistant.ask("When did the bridge open?");
    expect(verifier.calls.map((call) => call[0]?.question)).toEqual(["Who designed the station? When did it open?", "When did the bridge open?"]);
  });

  it("does not ask the verifier about a question naming what no document mentions, and abstains naming it", async () => {
    const verifier = new RecordingVerifier();
    const assistant = createAssistant({ index, embedder, verifier, options: unprobed });
    expect(await assistant.ask("When did the Cassandra station open?")).toMatchObject({ abstained: true, notMentioned: ["Cassandra"], confidence: 0 });
    expect(verifier.calls).toEqual([]);
    await assistant.ask("When did the station open?");
    expect(verifier.calls).toHaveLength(1);
  });

  // The word-drop probe that follows verification.
  const logOdds = (p: number) => Math.log(p / (1 - p));
  const OPENED = "It opened in 1911 after years of work. | Station. The station was designed by a railway company.";
  // The 1911 sentence scores 0.6 for the question as asked, 0.9 once "railway" is left out, 0.3 once another word is.
  const scoreOf = ({ question, passage }: VerifierPair) => (!passage.startsWith("It opened in 1911") ? 0.1 : question === "When did the railway station open?" || question.startsWith("Who designed") ? 0.6 : question.includes("railway") ? 0.3 : 0.9);

  // These read the probe itself, so every question is probed; the band that skips a sure decision is tested below.
  const everyProbe = withAnswerOptions({ verifier: { probeBand: null } });

  async function probed(question: string, options = everyProbe, context?: string, scorer: (pair: VerifierPair) => number = scoreOf) {
    const verifier = new RecordingVerifier(scorer);
    const stats = new TermStats(index.passages);
    const retrieval = await new Retriever(index, embedder).retrieve(question, { k: 5 });
    const asked = context ? `${context} ${question}` : question;
    const verified = await verifyEvidence(gatherEvidence(index, stats, retrieval, options.evidence), index.passages, verifier, asked, { candidates: options.verifier.candidates });
    const evidence = await probeBest(verified, index.passages, verifier, { asked: question, context }, options, { stats });
    return { verifier, evidence, probes: verifier.calls.slice(1).flat() };
  }

  it("reads the best sentence again with each content word of the question left out and records the largest rise of the logit on it", async () => {
    const { evidence, probes } = await probed("When did the railway station open?");
    expect(probes.map((pair) => pair.question)).toEqual(["When did the station open?", "When did the railway open?", "When did the railway station"]);
    expect(new Set(probes.map((pair) => pair.passage))).toEqual(new Set([OPENED]));
    const best = evidence.sentences.find((sentence) => sentence.wordDropGain !== undefined);
    expect(best?.text).toBe("It opened in 1911 after years of work.");
    expect(best?.wordDropGain).toBeCloseTo(logOdds(0.9) - logOdds(0.6));
    expect(evidence.sentences.filter((sentence) => sentence.wordDropGain !== undefined)).toHaveLength(1);
  });

  it("is wired into answering: a follow-up's probe keeps its earlier question, and the probed sentence is the one the answer quotes", async () => {
    const verifier = new RecordingVerifier(scoreOf);
    const assistant = createAssistant({ index, embedder, verifier });
    const answer = await assistant.ask("When did it open?", { context: ["Who designed the station?"] });
    expect(verifier.calls.map((call) => call.map((pair) => pair.question))).toEqual([
      ["Who designed the station? When did it open?", "Who designed the station? When did it open?"],
      ["Who designed the station? When did it"],
    ]);
    expect(new Set(verifier.calls[1]?.map((pair) => pair.passage))).toEqual(new Set([OPENED]));
    expect(answer.answer).toContain("It opened in 1911");
  });

  it("reads only the sentences of the paragraphs the answer may draw on", async () => {
    const everything = withAnswerOptions({ verifier: { candidates: 10 } });
    const read = async (k: number) => {
      const verifier = new RecordingVerifier(scoreOf);
      await createAssistant({ index, embedder, verifier, options: everything }).ask("When did the railway station open?", { k });
      return verifier.calls[0]?.map((pair) => pair.passage.split(" | ")[0]);
    };
    // All six sentences of the three paragraphs; with k = 1, the two of the best paragraph.
    expect(await read(5)).toHaveLength(6);
    expect(new Set(await read(1))).toEqual(new Set(["The station was designed by a railway company.", "It opened in 1911 after years of work."]));
  });

  it("ranks paragraphs without the verifier for a caller that reads the paragraphs alone, in the same order", async () => {
    const verifier = new RecordingVerifier(scoreOf);
    const assistant = createAssistant({ index, embedder, verifier });
    const alone = await assistant.retrieve("When did the railway station open?", { paragraphsOnly: true });
    expect(verifier.calls).toEqual([]);
    expect((await assistant.retrieve("When did the railway station open?")).paragraphIds).toEqual(alone.paragraphIds);
    expect(verifier.calls.length).toBeGreaterThan(0);
  });

  it("reads at most `probes` variants, and none at 0", async () => {
    expect((await probed("When did the railway station open?", withAnswerOptions({ verifier: { probes: 1, probeBand: null } }))).probes.map((pair) => pair.question)).toEqual(["When did the station open?"]);
    const none = await probed("When did the railway station open?", withAnswerOptions({ verifier: { probes: 0 } }));
    expect(none.verifier.calls).toHaveLength(1);
    expect(none.evidence.sentences.every((sentence) => sentence.wordDropGain === undefined)).toBe(true);
  });

  it("records a fall as a negative gain: every word the sentence supports counts", async () => {
    const supported = ({ question, passage }: VerifierPair) => (passage.startsWith("It opened in 1911") ? (question === "When did the station open?" ? 0.8 : 0.4) : 0.1);
    const { evidence } = await probed("When did the station open?", everyProbe, undefined, supported);
    expect(evidence.sentences.find((sentence) => sentence.wordDropGain !== undefined)?.wordDropGain).toBeCloseTo(logOdds(0.4) - logOdds(0.8));
  });

  it("keeps a follow-up's earlier question and leaves out words of its own question only", async () => {
    const { probes } = await probed("When did it open?", everyProbe, "Who designed the station?");
    expect(probes.map((pair) => pair.question)).toEqual(["Who designed the station? When did it"]);
  });

  it("leaves a misspelt word in when the sentence's paragraph holds a form of it, and leaves out a word no document uses", async () => {
    // "statoin" is "station" with two letters swapped; no document says "trams".
    const { probes } = await probed("When did the statoin open to trams?");
    expect(probes.map((pair) => pair.question)).toEqual(["When did the statoin to trams?", "When did the statoin open to"]);
  });

  it("does not probe a sentence the decision is sure of whatever rise the band allows, and probes one it is not", async () => {
    const sure = ({ passage }: VerifierPair) => (passage.startsWith("It opened in 1911") ? 0.99 : 0.1);
    const skipped = await probed("When did the station open?", DEFAULT_ANSWER_OPTIONS, undefined, sure);
    expect(skipped.verifier.calls).toHaveLength(1);
    expect(skipped.evidence.sentences.every((sentence) => sentence.wordDropGain === undefined)).toBe(true);
    // 0.6 for the question as asked sits near the threshold: the probe is read.
    expect((await probed("When did the railway station open?", DEFAULT_ANSWER_OPTIONS)).probes).toHaveLength(3);
    // Without a band every question is probed, however sure.
    const sureBest = bestCandidate(skipped.evidence, DEFAULT_ANSWER_OPTIONS)!;
    expect(probeCannotDecide(sureBest, 0.99, DEFAULT_ANSWER_OPTIONS)).toBe(true);
    expect(probeCannotDecide(sureBest, 0.99, everyProbe)).toBe(false);
  });

  it("skips the probe exactly where every rise in the band gives the decision it gives without one", () => {
    const options = DEFAULT_ANSWER_OPTIONS;
    const { low, high } = options.verifier.probeBand!;
    let skipped = 0;
    let probedAny = 0;
    fc.assert(
      fc.property(fc.double({ min: 0.001, max: 0.999, noNaN: true }), fc.double({ min: 0, max: 1, noNaN: true }), fc.double({ min: 0, max: 1, noNaN: true }), fc.double({ min: low, max: high, noNaN: true }), (verified, missingTerms, score, gain) => {
        const best = evidence(1, { verified, missingTerms, score });
        const answers = (wordDropGain: number) => confidenceOf({ ...best, wordDropGain }, options) >= options.verifier.threshold;
        if (probeCannotDecide(best, verified, options)) {
          skipped++;
          expect(answers(gain)).toBe(answers(0));
        } else {
          // Probed: the band's two ends decide differently, so the rise matters.
          probedAny++;
          expect(answers(low)).not.toBe(answers(high));
        }
      }),
      { numRuns: 500 },
    );
    expect(skipped).toBeGreaterThan(0);
    expect(probedAny).toBeGreaterThan(0);
  });

  it("does not probe a sentence the rules rule out", async () => {
    // A "when" question whose best sentence holds no time abstains whatever the scores.
    const designed = ({ passage }: VerifierPair) => (passage.startsWith("The station was designed") ? 0.9 : 0.1);
    const { verifier, evidence } = await probed("When was the station designed?", DEFAULT_ANSWER_OPTIONS, undefined, designed);
    const best = bestCandidate(evidence, DEFAULT_ANSWER_OPTIONS);
    expect(best?.text).toBe("The station was designed by a railway company.");
    expect(ruledOut(best!, evidence)).toBe(true);
    expect(verifier.calls).toHaveLength(1);
  });
});

describe("gatherEvidence over a Markdown document with code", () => {
  let index: LoadedIndex;
  let embedder: FakeEmbedder;
  let cleanup: () => Promise<void>;
  beforeAll(async () => {
    ({ index, embedder, cleanup } = await buildFakeIndex({
      "cli.md": "# Command line\n\nThe command line tool prints its version.\n\n```\n❯ tool --version\n1.50.0 x64\n```\n\nThe tool was first released with 12 commands.\n",
    }));
  });
  afterAll(() => cleanup());

  it("marks the sentence that says the opposite of what the question asks about", async () => {
    const question = "When was the tool first released?";
    const retrieval = await new Retriever(index, embedder).retrieve(question, { k: 5 });
    const { sentences } = gatherEvidence(index, new TermStats(index.passages), retrieval, DEFAULT_ANSWER_OPTIONS.evidence);
    const released = sentences.find((sentence) => sentence.text.includes("12 commands"));
    expect(released).toBeDefined();
    expect(released?.contradicts).toBeUndefined();
    const retired = await new Retriever(index, embedder).retrieve("When was the tool last released?", { k: 5 });
    const marked = gatherEvidence(index, new TermStats(index.passages), retired, DEFAULT_ANSWER_OPTIONS.evidence).sentences.find((sentence) => sentence.text.includes("12 commands"));
    expect(marked?.contradicts).toEqual({ asked: "last", said: "first" });
  });

  it("never takes a code block's digits and capitals for the amount, date or name a question asks for", async () => {
    const question = "How many commands does the tool have?";
    const retrieval = await new Retriever(index, embedder).retrieve(question, { k: 5 });
    const { sentences } = gatherEvidence(index, new TermStats(index.passages), retrieval, DEFAULT_ANSWER_OPTIONS.evidence);
    const code = sentences.find((sentence) => sentence.text.includes("1.50.0"));
    const prose = sentences.find((sentence) => sentence.text.includes("12 commands"));
    expect(code?.typeMatch).toBe(false);
    expect(prose?.typeMatch).toBe(true);
  });
});
