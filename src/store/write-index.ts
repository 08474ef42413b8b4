import { readFile, rm } from "node:fs/promises";
import path from "node:path";
import { LEXICAL_RECIPE, serializeLexical, type LexicalData } from "../retrieve/lexical-data.js";
import type { EmbeddingCache } from "./embedding-cache.js";
import { IndexWriteError } from "./errors.js";
import { nodeFileSystem, publishManifest, writeDataFile, type IndexFileSystem } from "./index-files.js";
import type { Manifest } from "./manifest.js";
import type { PassageStore } from "./passage-store.js";
import { verifyGraphFile, type VectorIndex } from "./vector-index.js";

/** The steps of a build at which a crash must leave the old or the new index, never a mix, in the order they happen. */
export const BUILD_PHASES = ["planned", "embedded", "graph-built", "wrote-passages", "wrote-hnsw", "wrote-sentences", "wrote-embeddings", "wrote-lexical", "published", "cleaned"] as const;
export type BuildPhase = (typeof BUILD_PHASES)[number];

export interface WriteIndexInput {
  indexDir: string;
  passages: PassageStore;
  graph: VectorIndex;
  sentenceMatrix: Float32Array;
  cache: EmbeddingCache;
  /** BM25 and term frequencies over `passages`, saved so that loading the index does not build them again. */
  lexical: LexicalData;
  /** The manifest without its `files` and lexical recipe, which this function fills in. */
  manifest: Omit<Manifest, "files" | "lexicalRecipe">;
  fileSystem?: IndexFileSystem;
  checkpoint: (phase: BuildPhase) => Promise<void>;
}

/**
 * Writes the data files (each fsynced and read back against its size and checksum; the graph also
 * read back as a graph), then publishes the manifest naming them. Any failure throws before the
 * manifest is replaced, so readers keep the previous index.
 */
export async function writeIndex(input: WriteIndexInput): Promise<Manifest> {
  const { indexDir, passages, graph, sentenceMatrix, cache, lexical, manifest, fileSystem = nodeFileSystem, checkpoint } = input;
  const passagesFile = await writeDataFile(indexDir, "passages", "json", JSON.stringify(passages.data), fileSystem);
  await checkpoint("wrote-passages");

  const graphTemporary = path.join(indexDir, `hnsw.bin.tmp-${process.pid}`);
  let graphBytes: Buffer;
  try {
    await graph.write(graphTemporary);
    graphBytes = await fileSystem.readFile(graphTemporary);
  } finally {
    await rm(graphTemporary, { force: true });
  }
  const hnswFile = await writeDataFile(indexDir, "hnsw", "bin", graphBytes, fileSystem);
  const problem = await verifyGraphFile(path.join(indexDir, hnswFile.name), graph.count, graph.dimensions, graph.params);
  if (problem) {
    await rm(path.join(indexDir, hnswFile.name), { force: true });
    throw new IndexWriteError(`the vector graph did not read back (${problem}); the previous index stays`);
  }
  await checkpoint("wrote-hnsw");

  const sentenceFile = await writeDataFile(indexDir, "sentences", "f32", new Uint8Array(sentenceMatrix.buffer, sentenceMatrix.byteOffset, sentenceMatrix.byteLength), fileSystem);
  await checkpoint("wrote-sentences");
  const embeddingsFile = await writeDataFile(indexDir, "embeddings", "bin", cache.serialize(), fileSystem);
  await checkpoint("wrote-embeddings");
  const lexicalFile = await writeDataFile(indexDir, "lexical", "json", serializeLexical(lexical), fileSystem);
  await checkpoint("wrote-lexical");

  const complete: Manifest = { ...manifest, lexicalRecipe: LEXICAL_RECIPE, files: { passages: passagesFile, hnsw: hnswFile, sentenceVectors: sentenceFile, embeddings: embeddingsFile, lexical: lexicalFile } };
  await publishManifest(indexDir, complete, fileSystem);
  await checkpoint("published");
  return complete;
}

/**
 * Saves the lexical file of an index whose other files stay as they are (one saved before lexical
 * files were, or with an older LEXICAL_RECIPE) and publishes the manifest naming it.
 */
export async function writeLexical({ indexDir, manifest, lexical, fileSystem = nodeFileSystem }: { indexDir: string; manifest: Manifest; lexical: LexicalData; fileSystem?: IndexFileSystem }): Promise<Manifest> {
  const lexicalFile = await writeDataFile(indexDir, "lexical", "json", serializeLexical(lexical), fileSystem);
  const complete: Manifest = { ...manifest, lexicalRecipe: LEXICAL_RECIPE, files: { ...manifest.files, lexical: lexicalFile } };
  await publishManifest(indexDir, complete, fileSystem);
  return complete;
}

/** Reads a file the manifest names, for an update: undefined when it is missing or damaged (the update then starts afresh). */
export async function readOptional(file: string): Promise<Buffer | undefined> {
  return readFile(file).catch(() => undefined);
}
