import { readFile } from "node:fs/promises";
import path from "node:path";
import { z } from "zod";
import type { IndexedAssistant } from "../assistant.js";
import { loadRuntime, type Runtime } from "../bootstrap.js";
import { parseConfig } from "../config.js";
import type { PassageStore } from "../store/passage-store.js";
import { evaluate, type EvaluationReport, type QuestionResult } from "./evaluate.js";
import type { GoldenQuestion } from "./golden-set.js";

/**
 * An expected citation, named by content rather than by passage id (ids depend on the parser): a
 * passage of document `doc` whose reader text holds `contains` verbatim.
 */
const expectationSchema = z.object({ doc: z.string().min(1), contains: z.string().min(1) });

const docsQuestionSchema = z
  .object({
    id: z.string(),
    question: z.string().min(1),
    answerable: z.boolean(),
    expected: z.array(expectationSchema),
    answerContains: z.array(z.string().min(1)).optional(),
    tags: z.array(z.string()).default([]),
  })
  .refine((question) => !question.answerable || question.expected.length > 0, { message: "an answerable question needs an expected passage" });

export const docsSetSchema = z.object({
  description: z.string().optional(),
  questions: z.array(docsQuestionSchema).min(1),
});

export type DocsQuestion = z.infer<typeof docsQuestionSchema>;
export type DocsSet = z.infer<typeof docsSetSchema>;

export async function readDocsSet(file: string): Promise<DocsSet> {
  return docsSetSchema.parse(JSON.parse(await readFile(file, "utf8")));
}

/** The corpus the docs set is about, and where its own index is kept (never the product's `index/`). */
export const DOCS_CORPUS_DIR = path.join("tests", "data", "fastify-docs");
export const DOCS_INDEX_DIR = path.join("test-output", "fastify-docs-index");

/**
 * The docs set as golden questions: each expectation becomes the ids of the passages of its
 * document that hold the snippet. An expectation that matches no passage is a broken answer key,
 * returned in `unresolved` rather than silently counted as a miss.
 */
export function resolveDocsSet(passages: PassageStore, set: DocsSet): { questions: GoldenQuestion[]; unresolved: string[] } {
  const unresolved: string[] = [];
  const questions = set.questions.map((question) => {
    const expected = question.expected.flatMap(({ doc, contains }) => {
      const ids = passages
        .paragraphsOf(doc)
        .filter((paragraph) => paragraph.text.includes(contains))
        .map((paragraph) => paragraph.id);
      if (ids.length === 0) unresolved.push(`${question.id}: no passage of "${doc}" contains "${contains}"`);
      return ids;
    });
    return { id: question.id, question: question.question, answerable: question.answerable, expected, answerContains: question.answerContains, tags: question.tags };
  });
  return { questions, unresolved };
}

export interface DocsReport extends EvaluationReport {
  unresolved: string[];
  /** Answerable questions tagged "how-to" (the answer is a block a sentence introduces) citing an expected passage. */
  howToCitationAccuracy: number;
  howToAnswerContainsRate: number;
}

const shareOf = (results: QuestionResult[], test: (result: QuestionResult) => boolean) => (results.length === 0 ? 1 : results.filter(test).length / results.length);

/** Scores the docs set with the golden set's metrics (evaluate.ts), plus the how-to questions on their own. */
export async function evaluateDocsSet(assistant: IndexedAssistant, set: DocsSet): Promise<DocsReport> {
  const { questions, unresolved } = resolveDocsSet(assistant.index.passages, set);
  const report = await evaluate(assistant, questions);
  const howTo = report.results.filter((result) => result.question.answerable && result.question.tags.includes("how-to"));
  return {
    ...report,
    unresolved,
    howToCitationAccuracy: shareOf(howTo, (result) => result.citesExpected),
    howToAnswerContainsRate: shareOf(
      howTo.filter((result) => result.question.answerContains),
      (result) => result.containsExpected,
    ),
  };
}

/**
 * The real model with an index of the docs corpus in its own folder, built on first use and
 * updated when the corpus or the model changes.
 */
export function loadDocsRuntime(options: { log?: (message: string) => void; indexDir?: string; environment?: Record<string, string | undefined> } = {}): Promise<Runtime> {
  const { log, indexDir = DOCS_INDEX_DIR, environment = process.env } = options;
  return loadRuntime(parseConfig({ ...environment, CORPUS_DIR: DOCS_CORPUS_DIR, INDEX_DIR: indexDir, AUTO_REBUILD: "true" }), { log });
}

/** The report as the lines `npm run eval` prints. */
export function docsSummary(report: DocsReport): string {
  const pct = (value: number) => `${(value * 100).toFixed(1)}%`;
  const abstainedUnanswerable = report.results.filter((result) => !result.question.answerable && result.answer.abstained).length;
  return [
    `docs (Fastify documentation): ${report.answerable} answerable + ${report.unanswerable} unanswerable questions`,
    `  recall@1 ${pct(report.recallAt1)}  recall@5 ${pct(report.recallAt5)}  MRR ${report.mrr.toFixed(3)}`,
    `  answers citing an expected passage ${pct(report.citationAccuracy)}  answers containing the expected text ${pct(report.answerContainsRate)}`,
    `  how-to questions: citing an expected passage ${pct(report.howToCitationAccuracy)}, containing the expected text ${pct(report.howToAnswerContainsRate)}`,
    `  abstained on unanswerable ${abstainedUnanswerable}/${report.unanswerable}  abstained on answerable (false abstentions) ${report.abstainedWhenAnswerable}/${report.answerable}`,
    `  latency (in-process, retrieval + answer) p50 ${report.latencyP50.toFixed(1)} ms  p95 ${report.latencyP95.toFixed(1)} ms`,
    ...(report.unresolved.length ? [`  BROKEN ANSWER KEYS: ${report.unresolved.join("; ")}`] : []),
  ].join("\n");
}

/** One line per miss (an answerable question citing no expected passage, or an unanswerable one answered), for `--verbose`. */
export function docsMisses(report: DocsReport): string[] {
  return report.results
    .filter((result) => (result.question.answerable ? !result.citesExpected || !result.containsExpected : !result.answer.abstained))
    .map(
      (result) =>
        `MISS ${result.question.id} ${result.question.question}\n     → ${result.answer.answer.slice(0, 300).replace(/\n/g, "⏎")}\n     cites ${result.answer.citations.map((citation) => citation.id).join(", ") || "nothing"}`,
    );
}
