/**
 * One Postgres server's answering, in a process of its own so its memory is that of what it holds:
 * `node --expose-gc --import tsx src/bench/answering-worker.ts <snapshot|sql|sql-fts> <database url> <questions.json>`
 * prints one line of JSON. The questions file holds each question with its vector (computed by the
 * caller), so no model is loaded here: what is timed and measured is retrieval, the passages read,
 * evidence and composition, over the snapshot in memory or from SQL per question (`sql`: lexical
 * search by BM25 where the database has pg_textsearch; `sql-fts`: by ts_rank_cd).
 */
import { readFile } from "node:fs/promises";
import { z } from "zod";
import { DEFAULT_ANSWER_OPTIONS } from "../answer/answer-options.js";
import { createAssistant, type Assistant } from "../assistant.js";
import type { Embedder } from "../embed/embedder.js";
import { readDatabaseManifest } from "../store/postgres/database-manifest.js";
import { createPool } from "../store/postgres/database.js";
import { loadSnapshot } from "../store/postgres/load-snapshot.js";
import { sqlCorpus } from "../store/postgres/sql-corpus.js";
import { enableBm25 } from "../store/postgres/sql-search.js";
import { summarize } from "./stats.js";

const argumentsSchema = z.tuple([z.enum(["snapshot", "sql", "sql-fts"]), z.string().regex(/^postgres(ql)?:\/\//), z.string()]);
const questionsSchema = z.object({
  model: z.object({ id: z.string(), file: z.string(), sha256: z.string() }),
  questions: z.array(z.string()),
  /** Every text the answers embed (each part of a question made of several), with its vector. */
  vectors: z.array(z.object({ text: z.string(), vector: z.array(z.number()) })),
});

/** The questions' vectors, computed beforehand by the real model: a table lookup, not a stand-in for one. */
class PrecomputedEmbedder implements Embedder {
  readonly modelId = "precomputed";
  constructor(private readonly vectors: Map<string, Float32Array>) {}
  async embed(texts: string[]): Promise<Float32Array[]> {
    return texts.map((text) => {
      const vector = this.vectors.get(text);
      if (!vector) throw new Error(`no vector for "${text}"`);
      return vector;
    });
  }
  async dispose(): Promise<void> {}
}

const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error("run with --expose-gc");
const mib = (bytes: number) => Math.round((bytes / 1024 / 1024) * 10) / 10;
const settled = () => {
  gc();
  gc();
  return process.memoryUsage();
};

const [mode, url, questionsFile] = argumentsSchema.parse(process.argv.slice(2));
const { model, questions, vectors } = questionsSchema.parse(JSON.parse(await readFile(questionsFile, "utf8")));
const embedder = new PrecomputedEmbedder(new Map(vectors.map(({ text, vector }) => [text, Float32Array.from(vector)])));
const pool = createPool({ url, statementTimeoutMs: 300_000, poolMax: 4 });
try {
  // Set up once per database, as a server answering from SQL does at start (creating the BM25 index the first time).
  const bm25 = mode === "sql" && (await enableBm25(pool));
  const before = settled();
  const loadBegan = performance.now();
  const options = { ...DEFAULT_ANSWER_OPTIONS, mode: "heuristic" as const };
  let assistant: Assistant;
  if (mode === "snapshot") {
    assistant = createAssistant({ index: (await loadSnapshot(pool, { model })).index, embedder, options });
  } else {
    assistant = createAssistant({ corpus: sqlCorpus({ pool, databaseUrl: url, manifest: (await readDatabaseManifest(pool, model)).manifest, bm25 }), embedder, options });
  }
  const loadMs = performance.now() - loadBegan;
  // A first pass builds what the first question builds (the lexical index in memory) and warms the JIT.
  for (const question of questions) await assistant.ask(question);
  const times: number[] = [];
  for (const question of questions) {
    const began = performance.now();
    await assistant.ask(question);
    times.push(performance.now() - began);
  }
  const after = settled();
  const { p50, p95 } = summarize(times);
  console.log(
    JSON.stringify({
      mode,
      loadMs,
      p50,
      p95,
      heldMiB: { rss: mib(after.rss - before.rss), heap: mib(after.heapUsed - before.heapUsed), external: mib(after.external - before.external) },
      rssMiB: mib(after.rss),
    }),
  );
} finally {
  await pool.end();
}
