import { cp, readFile, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import type pg from "pg";
import type { GoldenQuestion } from "../eval/golden-set.js";
import type { Embedder } from "../embed/embedder.js";
import type { ModelFingerprint } from "../embed/model-fingerprint.js";
import { LexicalIndex } from "../retrieve/lexical-index.js";
import { Retriever } from "../retrieve/retriever.js";
import { updateIndex } from "../store/build-index.js";
import { loadIndex } from "../store/load-index.js";
import { importFolder } from "../store/postgres/import-folder.js";
import { loadSnapshot } from "../store/postgres/load-snapshot.js";
import { migrate } from "../store/postgres/migrate.js";
import { seedFromFileIndex } from "../store/postgres/seed-from-file-index.js";
import { bm25Search, denseSearch, enableBm25, lexicalSearch } from "../store/postgres/sql-search.js";
import { compareAnswering } from "./answering-comparison.js";
import { formatMs, summarize } from "./stats.js";

export interface StoreComparisonOptions {
  pool: pg.Pool;
  /** The same database for the answering processes (answering-comparison.ts). */
  databaseUrl: string;
  /** Where the comparison copies the corpus and its file index (removed afterwards). */
  workDir: string;
  corpusDir: string;
  indexDir: string;
  embedder: Embedder;
  model: ModelFingerprint;
  /** Questions; those answerable with expected passage ids also measure lexical ranking. */
  questions: TimedQuestion[];
  /** A document the incremental-add step adds (and then removes). */
  addedDocument: { name: string; text: string };
  rounds?: number;
}

type TimedQuestion = Pick<GoldenQuestion, "question" | "answerable" | "expected">;

async function timed<T>(work: () => Promise<T>): Promise<{ value: T; ms: number }> {
  const began = performance.now();
  const value = await work();
  return { value, ms: performance.now() - began };
}

async function median(rounds: number, work: () => Promise<unknown>): Promise<number> {
  const times: number[] = [];
  for (let round = 0; round < rounds; round++) times.push((await timed(work)).ms);
  return summarize(times).p50;
}

/** Recall@5 and the mean reciprocal rank (within 40) of the expected paragraphs in a ranking. */
function rankQuality(rankings: string[][], expected: string[][]): { recallAt5: number; mrr: number } {
  let hits = 0;
  let reciprocal = 0;
  rankings.forEach((ranking, row) => {
    const wanted = new Set(expected[row]);
    const rank = ranking.findIndex((id) => wanted.has(id));
    if (rank >= 0 && rank < 5) hits++;
    if (rank >= 0) reciprocal += 1 / (rank + 1);
  });
  return { recallAt5: hits / rankings.length, mrr: reciprocal / rankings.length };
}

/** Lexical rankings against the expected passages: the application's BM25, ts_rank_cd, and BM25 in SQL when the server has pg_textsearch. */
async function lexicalQualityLines(pool: pg.Pool, bm25: LexicalIndex, answerable: Array<{ question: TimedQuestion; ranking: string[] }>): Promise<string[]> {
  const expected = answerable.map(({ question }) => question.expected);
  const appQuality = rankQuality(answerable.map(({ question }) => bm25.query(question.question, 40).map((hit) => hit.paragraphId)), expected);
  const sqlQuality = rankQuality(answerable.map(({ ranking }) => ranking), expected);
  const lines = [`| lexical ranking, ${answerable.length} answerable questions: recall@5 / MRR | BM25 (MiniSearch) ${appQuality.recallAt5.toFixed(3)} / ${appQuality.mrr.toFixed(3)} | ts_rank_cd ${sqlQuality.recallAt5.toFixed(3)} / ${sqlQuality.mrr.toFixed(3)} |`];
  if (!(await enableBm25(pool))) return lines;
  const rankings: string[][] = [];
  const times: number[] = [];
  for (const { question } of answerable) {
    const hits = await timed(() => bm25Search(pool, question.question, 40));
    times.push(hits.ms);
    rankings.push(hits.value.map((hit) => hit.paragraphId));
  }
  const quality = rankQuality(rankings, expected);
  const latency = summarize(times);
  lines.push(`| … BM25 in SQL (pg_textsearch): recall@5 / MRR, p50 / p95 | — | ${quality.recallAt5.toFixed(3)} / ${quality.mrr.toFixed(3)}, ${formatMs(latency.p50)} / ${formatMs(latency.p95)} |`);
  return lines;
}

/**
 * The file store and the Postgres store side by side on one corpus: loading what answering reads,
 * retrieval per question (the application's in-memory retrieval over either store, and the same
 * two searches done in SQL), lexical ranking quality (the application's BM25 against ts_rank_cd),
 * and the cost of adding and removing one document. Returns Markdown lines.
 */
export async function compareStores(options: StoreComparisonOptions): Promise<string[]> {
  const { pool, workDir, embedder, model, questions, addedDocument, rounds = 5 } = options;
  const corpusDir = path.join(workDir, "corpus");
  const indexDir = path.join(workDir, "index");
  await cp(options.corpusDir, corpusDir, { recursive: true });
  await cp(options.indexDir, indexDir, { recursive: true });
  // The copy records its own corpus folder (the manifest names it relative to the index folder).
  const manifestFile = path.join(indexDir, "manifest.json");
  await writeFile(manifestFile, JSON.stringify({ ...JSON.parse(await readFile(manifestFile, "utf8")), corpusDir: "../corpus" }, null, 2));
  await migrate(pool);
  await seedFromFileIndex(pool, indexDir, model);
  const firstImport = await timed(() => importFolder({ pool, corpusDir, embedder, model }));
  const lines: string[] = [];
  const fileIndex = await loadIndex(indexDir);
  const loaded = await loadSnapshot(pool, { model });
  const snapshot = loaded.index;
  const { counts } = snapshot.manifest;
  lines.push(`Corpus: ${counts.documents} documents, ${counts.paragraphs} passages, ${counts.chunks} chunks, ${counts.sentences} sentences; ${questions.length} golden questions.`);
  lines.push(`Moving it into Postgres (file index's vectors copied in, then the folder imported): ${(firstImport.ms / 1000).toFixed(1)} s, ${firstImport.value.embedded} texts embedded.`, "");

  lines.push("| step | file store | Postgres store |", "|---|---|---|");
  const loadFile = await median(rounds, () => loadIndex(indexDir));
  const loadPostgres = await median(rounds, () => loadSnapshot(pool, { model }));
  lines.push(`| load what answering reads (median of ${rounds}) | ${formatMs(loadFile)} | ${formatMs(loadPostgres)} (read from the database + HNSW graph built in memory) |`);

  const vectors = await embedder.embed(questions.map((question) => question.question));
  const retrievalTimes = async (index: typeof fileIndex) => {
    const retriever = new Retriever(index, embedder);
    const times: number[] = [];
    for (const [row, question] of questions.entries()) times.push((await timed(() => retriever.retrieve(question.question, { k: 6, queryVector: vectors[row] }))).ms);
    return summarize(times);
  };
  await retrievalTimes(fileIndex); // warm-up: the first pass pays for JIT compilation, not for the store
  const inFile = await retrievalTimes(fileIndex);
  const inSnapshot = await retrievalTimes(snapshot);
  lines.push(`| hybrid retrieval per question, in memory (p50 / p95) | ${formatMs(inFile.p50)} / ${formatMs(inFile.p95)} | ${formatMs(inSnapshot.p50)} / ${formatMs(inSnapshot.p95)} |`);
  const denseTimes: number[] = [];
  const lexicalTimes: number[] = [];
  const sqlRankings: string[][] = [];
  for (const [row, question] of questions.entries()) {
    denseTimes.push((await timed(() => denseSearch(pool, vectors[row] as Float32Array, 40))).ms);
    const lexical = await timed(() => lexicalSearch(pool, question.question, 40));
    lexicalTimes.push(lexical.ms);
    sqlRankings.push(lexical.value.map((hit) => hit.paragraphId));
  }
  const dense = summarize(denseTimes);
  const lexical = summarize(lexicalTimes);
  lines.push(`| the same searches in SQL: dense \`<=>\` over HNSW, 40 nearest (p50 / p95) | — | ${formatMs(dense.p50)} / ${formatMs(dense.p95)} |`);
  lines.push(`| … lexical \`ts_rank_cd\`, 40 best (p50 / p95) | — | ${formatMs(lexical.p50)} / ${formatMs(lexical.p95)} |`);

  // Quality needs expected passage ids; a question set without them (the docs set names snippets) is timed only.
  const answerable = questions.map((question, row) => ({ question, ranking: sqlRankings[row] as string[] })).filter(({ question }) => question.answerable && question.expected.length > 0);
  if (answerable.length > 0) lines.push(...(await lexicalQualityLines(pool, LexicalIndex.build(fileIndex.passages), answerable)));
  const answering = await compareAnswering({ databaseUrl: options.databaseUrl, workDir, model, embedder, questions: questions.map((question) => question.question) });

  const added = path.join(corpusDir, addedDocument.name);
  await writeFile(added, addedDocument.text);
  const addFile = await timed(() => updateIndex({ corpusDir, indexDir, embedder, model, waitForLock: true }));
  const addPostgres = await timed(() => importFolder({ pool, corpusDir, embedder, model }));
  const reloadPostgres = await timed(() => loadSnapshot(pool, { model, previous: loaded }));
  lines.push(`| add one document (${addFile.value.embedded} texts embedded by each) | ${formatMs(addFile.ms)} (whole index rewritten) | ${formatMs(addPostgres.ms)} (one transaction) + ${formatMs(reloadPostgres.ms)} reload per server (reads the new document, rebuilds the graph) |`);
  await rm(added);
  const removeFile = await timed(() => updateIndex({ corpusDir, indexDir, embedder, model, waitForLock: true }));
  const removePostgres = await timed(() => importFolder({ pool, corpusDir, embedder, model }));
  lines.push(`| remove it again | ${formatMs(removeFile.ms)} | ${formatMs(removePostgres.ms)} |`);
  return [...lines, ...answering];
}
