import { DEFAULT_ANSWER_OPTIONS } from "../answer/answer-options.js";
import { answerExtractively } from "../answer/extractive-answerer.js";

/** The stages without the verifier (its cost is measured on its own). */
const HEURISTIC = { ...DEFAULT_ANSWER_OPTIONS, mode: "heuristic" as const };
import { gatherEvidence } from "../answer/evidence.js";
import { titleOnlyFacts } from "../answer/redundant-facts.js";
import type { Embedder } from "../embed/embedder.js";
import { Retriever } from "../retrieve/retriever.js";
import { TermStats } from "../retrieve/term-stats.js";
import type { LoadedIndex } from "../store/load-index.js";
import { summarize, type LatencySummary } from "./stats.js";

export interface StageTimings {
  embed: LatencySummary;
  search: LatencySummary;
  answer: LatencySummary;
  total: LatencySummary;
}

/**
 * Where the time of one question goes, warm and uncached: embedding the question, hybrid search
 * (HNSW + BM25 + fusion) and answering (sentence evidence + extraction).
 */
export async function timeStages(index: LoadedIndex, embedder: Embedder, questions: string[], rounds = 3): Promise<StageTimings> {
  const retriever = new Retriever(index, embedder);
  const stats = new TermStats(index.passages);
  const skip = titleOnlyFacts(index.passages);
  const samples = { embed: [] as number[], search: [] as number[], answer: [] as number[], total: [] as number[] };
  for (const question of questions.slice(0, 5)) await retriever.retrieve(question, { k: 20 });
  for (let round = 0; round < rounds; round++) {
    for (const question of questions) {
      const t0 = performance.now();
      const [queryVector] = await embedder.embed([question]);
      const t1 = performance.now();
      const candidates = await retriever.retrieve(question, { k: 20, queryVector });
      const t2 = performance.now();
      answerExtractively(index.passages, gatherEvidence(index, stats, candidates, HEURISTIC.evidence, { skip }), HEURISTIC);
      const t3 = performance.now();
      samples.embed.push(t1 - t0);
      samples.search.push(t2 - t1);
      samples.answer.push(t3 - t2);
      samples.total.push(t3 - t0);
    }
  }
  return { embed: summarize(samples.embed), search: summarize(samples.search), answer: summarize(samples.answer), total: summarize(samples.total) };
}
