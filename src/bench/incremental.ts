import { cp, mkdir, mkdtemp, readdir, rm, stat } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import hnswlib from "hnswlib-node";
import { createAssistant } from "../assistant.js";
import { fingerprintModel } from "../embed/model-fingerprint.js";
import { createTransformersEmbedder } from "../embed/transformers-embedder.js";
import { updateIndex, type BuildProgress, type BuildResult } from "../store/build-index.js";
import { checkIndex } from "../store/open-index.js";
import { loadIndex } from "../store/load-index.js";
import { DEFAULT_HNSW_PARAMS, VectorIndex } from "../store/vector-index.js";
import { benchRestarts, formatRestarts, type RestartTimes } from "./restart.js";
import { summarize } from "./stats.js";

/** Where the time of one update went: parsing and hashing, the model, and graph + files (build, write, fsync, verify, clean). */
export interface UpdateTiming {
  seconds: number;
  embedded: number;
  planSeconds: number;
  embedSeconds: number;
  writeSeconds: number;
}

export interface RemovalCost {
  ms: number;
  bytes: number;
}

export interface IncrementalBenchResult {
  /** The source folder, relative to the repository root. */
  source: string;
  documents: number;
  chunks: number;
  sentences: number;
  fullBuild: UpdateTiming;
  /** One document added to the corpus of `documents`, then removed again, `rounds` times. */
  adds: UpdateTiming[];
  removes: UpdateTiming[];
  /** Restarts with the corpus unchanged. */
  restart: RestartTimes;
  /** In the bench process, what start-up does before it serves: the index opened (manifest, files verified, graph read, corpus hashed), then the assistant built over it. */
  open: { indexMs: number[]; assistantMs: number[] };
  /** Removing one document's chunks from the vector graph: hnswlib's mark-delete on the stored graph, or a new graph from the cached vectors. */
  removal: { chunks: number; markDelete: RemovalCost; rebuild: RemovalCost };
}

export interface IncrementalBenchOptions {
  /** A folder of documents; the corpus is `documents` of them, plus one more to add. */
  sourceDir: string;
  documents?: number;
  modelsDir: string;
  modelId: string;
  rounds?: number;
  restarts?: number;
  /** The repository root, where the server is started from. */
  root: string;
}

async function listDocuments(directory: string): Promise<{ relativePath: string; bytes: number }[]> {
  const files: { relativePath: string; bytes: number }[] = [];
  for (const entry of await readdir(directory, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile() || !/\.(md|markdown|html?|txt|pdf|docx)$/i.test(entry.name)) continue;
    const absolute = path.join(entry.parentPath, entry.name);
    files.push({ relativePath: path.relative(directory, absolute), bytes: (await stat(absolute)).size });
  }
  return files.sort((a, b) => (a.relativePath < b.relativePath ? -1 : 1));
}

/** Times one update from its progress events: plan ends at "parsed", the model at the last embedding batch. */
async function timedUpdate(run: (onProgress: (progress: BuildProgress) => void) => Promise<BuildResult>): Promise<UpdateTiming> {
  const began = performance.now();
  let parsedAt = began;
  let embeddedAt: number | undefined;
  const result = await run((progress) => {
    if (progress.stage === "parsed") parsedAt = performance.now();
    if (progress.stage === "embedding") embeddedAt = performance.now();
  });
  const ended = performance.now();
  const modelDone = embeddedAt ?? parsedAt;
  return { seconds: (ended - began) / 1000, embedded: result.embedded, planSeconds: (parsedAt - began) / 1000, embedSeconds: (modelDone - parsedAt) / 1000, writeSeconds: (ended - modelDone) / 1000 };
}

/**
 * Mark-delete against rebuilding, for removing one document's chunks from the graph. Mark-delete
 * reads the stored graph, marks the labels and writes it back: the deleted points stay in the file
 * (and in every search's path), and labels keep their numbers, so the passage rows would need holes
 * too. Rebuilding adds the remaining cached vectors to a new graph.
 */
async function compareRemoval(indexDir: string, removedDocId: string, scratch: string): Promise<IncrementalBenchResult["removal"]> {
  const index = await loadIndex(indexDir);
  const { passages, manifest } = index;
  const removed = new Set<number>();
  passages.data.chunks.forEach((chunk, label) => {
    if (passages.paragraphs.get(chunk.paragraphId)?.docId === removedDocId) removed.add(label);
  });
  const graphFile = path.join(indexDir, manifest.files.hnsw.name);

  const markBegan = performance.now();
  const marked = new hnswlib.HierarchicalNSW(manifest.hnsw.space, manifest.dimensions);
  await marked.readIndex(graphFile);
  for (const label of removed) marked.markDelete(label);
  const markedFile = path.join(scratch, "mark-deleted.bin");
  await marked.writeIndex(markedFile);
  const markDelete = { ms: performance.now() - markBegan, bytes: (await stat(markedFile)).size };

  // The update holds the cached vectors in memory already; only the graph build and write are timed.
  const remaining: Float32Array[] = [];
  for (let label = 0; label < index.vectors.count; label++) if (!removed.has(label)) remaining.push(Float32Array.from(index.vectors.vectorOf(label)));
  const rebuildBegan = performance.now();
  const rebuilt = VectorIndex.build(remaining, manifest.dimensions, DEFAULT_HNSW_PARAMS);
  const rebuiltFile = path.join(scratch, "rebuilt.bin");
  await rebuilt.write(rebuiltFile);
  const rebuild = { ms: performance.now() - rebuildBegan, bytes: (await stat(rebuiltFile)).size };
  return { chunks: removed.size, markDelete, rebuild };
}

/**
 * The living-corpus figures: a full build of a `documents`-document corpus with the real model,
 * then adding and removing one document, a restart with the corpus unchanged, and the two ways of
 * removing vectors from the graph. Everything is built in a temporary folder, removed afterwards.
 */
export async function benchIncremental(options: IncrementalBenchOptions): Promise<IncrementalBenchResult> {
  const { sourceDir, documents = 40, modelsDir, modelId, rounds = 3, restarts = 3, root } = options;
  const available = await listDocuments(sourceDir);
  if (available.length < documents + 1) throw new Error(`${sourceDir} has ${available.length} documents; the bench needs ${documents + 1}`);
  // The document to add is one of median size; the corpus is the first `documents` of the rest.
  const bySize = [...available].sort((a, b) => a.bytes - b.bytes);
  const added = bySize[Math.floor(bySize.length / 2)] as (typeof available)[number];
  const corpusFiles = available.filter((file) => file !== added).slice(0, documents);

  const scratch = await mkdtemp(path.join(os.tmpdir(), "bench-incremental-"));
  const corpusDir = path.join(scratch, "corpus");
  const indexDir = path.join(scratch, "index");
  const copy = async (file: { relativePath: string }) => {
    await mkdir(path.dirname(path.join(corpusDir, file.relativePath)), { recursive: true });
    await cp(path.join(sourceDir, file.relativePath), path.join(corpusDir, file.relativePath));
  };
  try {
    for (const file of corpusFiles) await copy(file);
    const model = await fingerprintModel(modelsDir, modelId);
    const embedder = createTransformersEmbedder({ modelsDir, modelId });
    // The model is loaded before any timing: a running server has it loaded when a document arrives.
    await embedder.load();
    const update = (onProgress: (progress: BuildProgress) => void) => updateIndex({ corpusDir, indexDir, embedder, model, onProgress });

    const fullBuild = await timedUpdate(update);
    const adds: UpdateTiming[] = [];
    const removes: UpdateTiming[] = [];
    for (let round = 0; round < rounds; round++) {
      await copy(added);
      adds.push(await timedUpdate(update));
      // The cache keeps only the vectors the index uses, so the next round embeds the document again.
      await rm(path.join(corpusDir, added.relativePath));
      removes.push(await timedUpdate(update));
    }

    const manifest = (await loadIndex(indexDir)).manifest;
    const median = [...manifest.documents].sort((a, b) => a.chunks - b.chunks)[Math.floor(manifest.documents.length / 2)];
    const removal = await compareRemoval(indexDir, median?.id ?? "", scratch);

    const open = { indexMs: [] as number[], assistantMs: [] as number[] };
    for (let run = 0; run < restarts; run++) {
      const began = performance.now();
      const { index, problem } = await checkIndex({ corpusDir, indexDir, modelsDir, modelId, model });
      if (problem || !index) throw problem ?? new Error("no index");
      const checked = performance.now();
      // The query embedder is never called here: only what the assistant builds over the index (the lexical index) is timed.
      createAssistant({ index, embedder });
      open.indexMs.push(checked - began);
      open.assistantMs.push(performance.now() - checked);
    }

    await embedder.dispose();

    const restart = await benchRestarts({ root, env: { CORPUS_DIR: corpusDir, INDEX_DIR: indexDir }, question: "How do I declare a route?", runs: restarts });
    return { source: path.relative(root, sourceDir), documents: corpusFiles.length, chunks: manifest.counts.chunks, sentences: manifest.counts.sentences, fullBuild, adds, removes, restart, open, removal };
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}

/** The bench's markdown section for these figures, with the targets. */
export function formatIncremental(result: IncrementalBenchResult): string[] {
  const seconds = (value: number) => `${value.toFixed(value < 10 ? 2 : 1)} s`;
  const median = (values: number[]) => summarize(values).p50;
  const row = (name: string, timings: UpdateTiming[], target: string) => {
    const middle = [...timings].sort((a, b) => a.seconds - b.seconds)[Math.floor(timings.length / 2)] as UpdateTiming;
    const share = (100 * middle.seconds) / result.fullBuild.seconds;
    return `| ${name} | ${timings.map((timing) => seconds(timing.seconds)).join(", ")} | ${share.toFixed(1)}% | ${middle.embedded} | ${seconds(middle.planSeconds)} / ${seconds(middle.embedSeconds)} / ${seconds(middle.writeSeconds)} | ${target} |`;
  };
  const { fullBuild, removal, restart } = result;
  return [
    `\n## Living corpus: incremental updates (${result.documents} documents of ${result.source}, ${result.chunks} chunks + ${result.sentences} sentences, real model loaded beforehand)`,
    `| update | time (each run) | of a full build (median) | texts embedded | parse+hash / embed / graph+write+verify | target |`,
    `|---|---|---|---|---|---|`,
    `| full build | ${seconds(fullBuild.seconds)} | 100% | ${fullBuild.embedded} | ${seconds(fullBuild.planSeconds)} / ${seconds(fullBuild.embedSeconds)} / ${seconds(fullBuild.writeSeconds)} | |`,
    row("add one document", result.adds, `≤ 10% ${median(result.adds.map((timing) => timing.seconds)) <= fullBuild.seconds / 10 ? "✔" : "✘"}`),
    row("remove one document", result.removes, ""),
    ``,
    `- ${formatRestarts(restart)}`,
    `- In-process, what a start does before it serves: open the index (manifest, every file verified, graph read, corpus and model hashed) median ${median(result.open.indexMs).toFixed(0)} ms, then build the assistant over it (lexical index) median ${median(result.open.assistantMs).toFixed(0)} ms`,
    `- Removing one document's ${removal.chunks} chunks from the graph: mark-delete (read graph, mark, write) ${removal.markDelete.ms.toFixed(0)} ms, ${(removal.markDelete.bytes / 1024).toFixed(0)} KiB; rebuild from cached vectors (build, write) ${removal.rebuild.ms.toFixed(0)} ms, ${(removal.rebuild.bytes / 1024).toFixed(0)} KiB. Updates rebuild.`,
  ];
}
