import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Runtime } from "../src/bootstrap.js";
import { evaluate, type EvaluationReport } from "../src/eval/evaluate.js";
import { readGoldenSet, type GoldenSet } from "../src/eval/golden-set.js";
import { GOLDEN_THRESHOLDS } from "./support/golden-thresholds.js";
import { loadRealRuntime } from "./support/real-runtime.js";

/** Thresholds from the product's quality bar; the real models and the committed index are used. */
const THRESHOLDS = GOLDEN_THRESHOLDS;

describe("golden set quality with the real model and the committed index", () => {
  let runtime: Runtime;
  let golden: GoldenSet;
  let report: EvaluationReport;

  beforeAll(async () => {
    runtime = await loadRealRuntime();
    golden = await readGoldenSet(path.resolve("tests/golden.json"));
    report = await evaluate(runtime.assistant, golden.questions);
  }, 120_000);

  afterAll(async () => {
    await runtime?.embedder.dispose();
  });

  it("is a golden set of the promised size and shape", () => {
    const answerable = golden.questions.filter((question) => question.answerable);
    const unanswerable = golden.questions.filter((question) => !question.answerable);
    expect(golden.questions.length).toBeGreaterThanOrEqual(50);
    expect(unanswerable.length).toBeGreaterThanOrEqual(6);
    const documents = new Set(answerable.flatMap((question) => question.expected.map((id) => id.split("/")[0])));
    expect([...documents].sort()).toEqual([...runtime.assistant.index.passages.documents.keys()].sort());
    const paragraphs = runtime.assistant.index.passages.paragraphs;
    const unknown = answerable.flatMap((question) => question.expected).filter((id) => !paragraphs.has(id));
    expect(unknown).toEqual([]);
  });

  it(`finds an expected paragraph in the top 5 for at least ${THRESHOLDS.recallAt5 * 100}% of questions`, () => {
    expect(report.recallAt5).toBeGreaterThanOrEqual(THRESHOLDS.recallAt5);
  });

  it(`ranks an expected paragraph first for at least ${THRESHOLDS.recallAt1 * 100}% of questions`, () => {
    expect(report.recallAt1).toBeGreaterThanOrEqual(THRESHOLDS.recallAt1);
  });

  it(`cites an expected paragraph in at least ${THRESHOLDS.citationAccuracy * 100}% of answers`, () => {
    expect(report.citationAccuracy).toBeGreaterThanOrEqual(THRESHOLDS.citationAccuracy);
  });

  it(`abstains, citing nothing, on the questions the documents cannot answer (at most ${THRESHOLDS.maxUnanswerableAnswered} answered)`, () => {
    const unanswerable = report.results.filter((result) => !result.question.answerable);
    for (const result of unanswerable) if (result.answer.abstained) expect(result.answer.citations).toEqual([]);
    const answered = unanswerable.filter((result) => !result.answer.abstained).map((result) => `${result.question.question} → ${result.answer.answer}`);
    expect(answered.length, answered.join("\n")).toBeLessThanOrEqual(THRESHOLDS.maxUnanswerableAnswered);
  });

  it(`abstains on at most ${THRESHOLDS.maxAnswerableAbstentions} answerable question`, () => {
    expect(report.abstainedWhenAnswerable).toBeLessThanOrEqual(THRESHOLDS.maxAnswerableAbstentions);
  });

  it("backs every answer sentence with a marker whose citation holds that sentence verbatim", () => {
    const passages = runtime.assistant.index.passages;
    for (const { answer } of report.results) {
      if (answer.abstained) continue;
      // Each sentence ends with its marker: "text [n]." — split after each marker.
      const sentences = answer.answer.split(/(?<=\[\d+\][.!?"'”’)]*)\s+/);
      for (const sentence of sentences) {
        const marker = /\[(\d+)\][.!?"'”’)]*$/.exec(sentence);
        expect(marker, sentence).not.toBeNull();
        const citation = answer.citations.find((candidate) => candidate.n === Number(marker?.[1]));
        expect(citation, sentence).toBeDefined();
        const body = sentence.slice(0, marker?.index).trim().replace(/^.* — /, "");
        expect(citation?.text).toContain(body);
        expect(citation?.text).toBe(passages.paragraphs.get(citation?.id ?? "")?.text);
      }
      const used = new Set([...answer.answer.matchAll(/\[(\d+)\]/g)].map((match) => Number(match[1])));
      expect([...used].sort()).toEqual(answer.citations.map((citation) => citation.n).sort());
    }
  });
});
