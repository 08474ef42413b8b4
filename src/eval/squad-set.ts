import { mkdir, readdir, readFile, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import type { IndexedAssistant } from "../assistant.js";
import { loadRuntime, type Runtime } from "../bootstrap.js";
import { parseConfig } from "../config.js";
import type { Answer } from "../answer/types.js";
import type { PassageStore } from "../store/passage-store.js";
import { areaUnderCurve, percentile, share } from "./metrics.js";
import { normalizeAnswer, readSquad, squadRole, type SquadArticle } from "./squad.js";

export interface SquadQuestion {
  id: string;
  question: string;
  answerable: boolean;
  /** Gold answer texts (any one counts). */
  answers: string[];
  /** The article's paragraph the question was written against (its exact text). */
  context: string;
  article: string;
}

/** A corpus made of SQuAD articles, one plain-text file each, and the questions asked about them. */
export interface SquadSet {
  role: "calibration" | "dev";
  articles: SquadArticle[];
  questions: SquadQuestion[];
}

export async function readSquadSet(squadDir: string, role: SquadSet["role"]): Promise<SquadSet> {
  const files = ["train-v2.0-first10.json", "dev-v2.0-half-b.json"];
  const articles = (await Promise.all(files.map((file) => readSquad(path.join(squadDir, file))))).flat().filter((article) => squadRole(article.title) === role);
  const questions = articles.flatMap((article) =>
    article.paragraphs.flatMap((paragraph) =>
      paragraph.qas.map((qa) => ({
        id: qa.id,
        question: qa.question,
        answerable: !qa.is_impossible,
        answers: qa.answers.map((answer) => answer.text),
        context: paragraph.context,
        article: article.title,
      })),
    ),
  );
  return { role, articles, questions };
}

/** Writes each article as `<Title>.txt`, paragraphs separated by blank lines; unchanged files are left alone. */
export async function writeSquadCorpus(set: SquadSet, corpusDir: string): Promise<void> {
  await mkdir(corpusDir, { recursive: true });
  const wanted = new Map(set.articles.map((article) => [`${article.title.replace(/_/g, " ")}.txt`, article.paragraphs.map((paragraph) => paragraph.context.trim()).join("\n\n") + "\n"]));
  for (const name of await readdir(corpusDir)) if (!wanted.has(name)) await rm(path.join(corpusDir, name), { recursive: true });
  for (const [name, text] of wanted) {
    const current = await readFile(path.join(corpusDir, name), "utf8").catch(() => undefined);
    if (current !== text) await writeFile(path.join(corpusDir, name), text);
  }
}

/** The passages cut from a question's paragraph (one, unless the parser split a long paragraph). */
function goldPassages(passages: PassageStore, context: string): Set<string> {
  const target = context.trim();
  return new Set(passages.data.paragraphs.filter((paragraph) => paragraph.text.length > 0 && target.includes(paragraph.text)).map((paragraph) => paragraph.id));
}

export interface SquadResult {
  question: SquadQuestion;
  answer: Answer;
  /** The first citation is a passage of the gold paragraph. */
  firstCitationGold: boolean;
  /** The answer text holds a gold answer, after SQuAD normalisation. */
  holdsAnswer: boolean;
  milliseconds: number;
}

export interface SquadReport {
  answerable: number;
  unanswerable: number;
  firstCitationGold: number;
  holdsAnswer: number;
  /** Share of answerable questions wrongly abstained on. */
  falseAbstentions: number;
  /** Share of unanswerable questions abstained on. */
  abstainedWhenUnanswerable: number;
  /** How well the answer's confidence separates answerable from unanswerable questions. */
  auc: number;
  latencyP50: number;
  results: SquadResult[];
}

/** Asks every question of the set and scores answers the SQuAD way. */
export async function evaluateSquad(assistant: IndexedAssistant, questions: SquadQuestion[]): Promise<SquadReport> {
  const { passages } = assistant.index;
  const gold = new Map<string, Set<string>>();
  const results: SquadResult[] = [];
  for (const question of questions) {
    let expected = gold.get(question.context);
    if (!expected) gold.set(question.context, (expected = goldPassages(passages, question.context)));
    const began = performance.now();
    const answer = await assistant.ask(question.question);
    const milliseconds = performance.now() - began;
    const answerText = ` ${normalizeAnswer(answer.answer)} `;
    results.push({
      question,
      answer,
      firstCitationGold: answer.citations[0] !== undefined && expected.has(answer.citations[0].id),
      holdsAnswer: !answer.abstained && question.answers.some((text) => answerText.includes(` ${normalizeAnswer(text)} `)),
      milliseconds,
    });
  }
  const answerable = results.filter((result) => result.question.answerable);
  const unanswerable = results.filter((result) => !result.question.answerable);
  return {
    answerable: answerable.length,
    unanswerable: unanswerable.length,
    firstCitationGold: share(answerable.filter((result) => result.firstCitationGold).length, answerable.length),
    holdsAnswer: share(answerable.filter((result) => result.holdsAnswer).length, answerable.length),
    falseAbstentions: share(answerable.filter((result) => result.answer.abstained).length, answerable.length),
    abstainedWhenUnanswerable: share(unanswerable.filter((result) => result.answer.abstained).length, unanswerable.length),
    auc: areaUnderCurve(
      answerable.map((result) => result.answer.confidence),
      unanswerable.map((result) => result.answer.confidence),
    ),
    latencyP50: percentile(results.map((result) => result.milliseconds), 0.5),
    results,
  };
}

/** The SQuAD files shipped with the tests (tests/data/squad2/README.md). */
export const SQUAD_DATA_DIR = path.resolve("tests", "data", "squad2");

/** Where each SQuAD set's corpus and index live: generated, never committed (test-output/ is ignored). */
export function squadDirs(role: SquadSet["role"], root = process.cwd()): { corpusDir: string; indexDir: string } {
  const base = path.resolve(root, "test-output", `squad-${role}`);
  return { corpusDir: path.join(base, "corpus"), indexDir: path.join(base, "index") };
}

/** The runtime over a SQuAD set's own corpus and index, written and built on first use. */
export async function loadSquadRuntime(set: SquadSet, options: { log?: (message: string) => void; environment?: Record<string, string | undefined> } = {}): Promise<Runtime> {
  const dirs = squadDirs(set.role);
  await writeSquadCorpus(set, dirs.corpusDir);
  const environment = { ...process.env, ...options.environment, CORPUS_DIR: dirs.corpusDir, INDEX_DIR: dirs.indexDir, AUTO_REBUILD: "true", WATCH: "false" };
  return loadRuntime(parseConfig(environment), { log: options.log });
}

/** The report as the lines `npm run eval` prints. */
export function squadSummary(name: string, report: SquadReport, heuristicAuc?: number): string {
  const pct = (value: number) => `${(value * 100).toFixed(1)}%`;
  return [
    `${name}: ${report.answerable} answerable + ${report.unanswerable} unanswerable questions`,
    `  first citation is the gold paragraph ${pct(report.firstCitationGold)}  answer holds a gold answer ${pct(report.holdsAnswer)}`,
    `  false abstentions ${pct(report.falseAbstentions)}  abstained on unanswerable ${pct(report.abstainedWhenUnanswerable)}`,
    `  answerability AUC ${report.auc.toFixed(3)}${heuristicAuc === undefined ? "" : ` (heuristic evidence score: ${heuristicAuc.toFixed(3)})`}  latency p50 ${report.latencyP50.toFixed(1)} ms`,
  ].join("\n");
}
