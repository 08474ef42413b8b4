import { execFile } from "node:child_process";
import { writeFile } from "node:fs/promises";
import path from "node:path";
import { promisify } from "node:util";
import { splitQuestion } from "../answer/split-question.js";
import type { Embedder } from "../embed/embedder.js";
import type { ModelFingerprint } from "../embed/model-fingerprint.js";
import { PROJECT_ROOT } from "../project-root.js";
import { formatMs } from "./stats.js";

const run = promisify(execFile);

type Mode = "snapshot" | "sql" | "sql-fts";

interface WorkerReport {
  mode: Mode;
  loadMs: number;
  p50: number;
  p95: number;
  heldMiB: { rss: number; heap: number; external: number };
  rssMiB: number;
}

/**
 * A Postgres server answering from its in-memory snapshot against one answering from SQL
 * (PG_ANSWERING=sql), each in a process of its own (src/bench/answering-worker.ts) over the same
 * database: the time to hold what answering needs, the answer path per question without the models,
 * and the memory the process holds for it. Returns Markdown lines.
 */
export async function compareAnswering({ databaseUrl, workDir, model, embedder, questions }: { databaseUrl: string; workDir: string; model: ModelFingerprint; embedder: Embedder; questions: string[] }): Promise<string[]> {
  // Every text an answer embeds: the question, or each part of a question made of several.
  const texts = [...new Set(questions.flatMap((question) => {
    const parts = splitQuestion(question);
    return parts.length === 1 ? [question] : parts.map((part) => part.query);
  }))];
  const vectors = await embedder.embed(texts);
  const questionsFile = path.join(workDir, "answering-questions.json");
  await writeFile(questionsFile, JSON.stringify({ model, questions, vectors: texts.map((text, row) => ({ text, vector: Array.from(vectors[row] as Float32Array) })) }));
  const measure = async (mode: Mode): Promise<WorkerReport> => {
    const { stdout } = await run(process.execPath, ["--expose-gc", "--import", "tsx", "src/bench/answering-worker.ts", mode, databaseUrl, questionsFile], { cwd: PROJECT_ROOT, maxBuffer: 1 << 20 });
    return JSON.parse(stdout.trim().split("\n").pop() as string) as WorkerReport;
  };
  const snapshot = await measure("snapshot");
  const sql = await measure("sql");
  const fts = await measure("sql-fts");
  const held = (report: WorkerReport) => `${report.heldMiB.rss} MiB RSS (heap ${report.heldMiB.heap} MiB, buffers ${report.heldMiB.external} MiB); ${report.rssMiB} MiB in all`;
  return [
    "",
    `Answering on the Postgres store, a server process each (heuristic answers, the questions' vectors computed beforehand, so no model is loaded or timed):`,
    "",
    "| | snapshot in memory (`PG_ANSWERING=snapshot`) | from SQL per question (`PG_ANSWERING=sql`), lexical by BM25 (pg_textsearch) | … lexical by `ts_rank_cd` |",
    "|---|---|---|---|",
    `| hold what answering reads (at start, and a full load after a change) | ${formatMs(snapshot.loadMs)} (passages, graph, sentence vectors) | ${formatMs(sql.loadMs)} (the document list) | ${formatMs(fts.loadMs)} |`,
    `| answer path per question: retrieval, passages read, evidence, composition (p50 / p95) | ${formatMs(snapshot.p50)} / ${formatMs(snapshot.p95)} | ${formatMs(sql.p50)} / ${formatMs(sql.p95)} | ${formatMs(fts.p50)} / ${formatMs(fts.p95)} |`,
    `| memory held after answering every question, above the bare process (after GC) | ${held(snapshot)} | ${held(sql)} | ${held(fts)} |`,
  ];
}
