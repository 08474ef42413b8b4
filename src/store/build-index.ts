import { mkdir, readFile, rm } from "node:fs/promises";
import type { CorpusDocument, Paragraph } from "../corpus/types.js";
import path from "node:path";
import { chunkParagraphs, DEFAULT_CHUNK_OPTIONS, type ChunkOptions } from "../corpus/chunk.js";
import { chunkEmbeddingText, sentenceEmbeddingText } from "../corpus/embedding-text.js";
import { loadCorpus } from "../corpus/load-corpus.js";
import { splitSentences } from "../corpus/sentences.js";
import type { Embedder } from "../embed/embedder.js";
import type { ModelFingerprint } from "../embed/model-fingerprint.js";
import { acquireLock } from "./lock.js";
import { INDEX_FORMAT_VERSION, type Manifest } from "./manifest.js";
import { PassageStore } from "./passage-store.js";
import { DEFAULT_HNSW_PARAMS, VectorIndex, type HnswParams } from "./vector-index.js";
import { publishManifest, removeUnreferenced, writeDataFile } from "./index-files.js";

export type BuildProgress =
  | { stage: "parsed"; documents: number; paragraphs: number; chunks: number; sentences: number }
  | { stage: "embedding"; done: number; total: number; perSecond: number }
  | { stage: "written"; manifest: Manifest; seconds: number; removed: string[] };

export interface BuildIndexOptions {
  corpusDir: string;
  indexDir: string;
  embedder: Embedder;
  model: ModelFingerprint;
  chunking?: ChunkOptions;
  hnsw?: HnswParams;
  onProgress?: (progress: BuildProgress) => void;
  /** Embedding batch size; progress is reported after each batch. */
  batchSize?: number;
}

/** The lock file sits beside the index folder's data, outside what the manifest names. */
export function lockFileFor(indexDir: string): string {
  return path.join(indexDir, ".lock");
}

/**
 * Builds the index from the corpus: parse, chunk, embed chunks and sentences, build HNSW, write.
 * Data files are content-addressed and the manifest is renamed into place last, so an interrupted
 * build leaves the previous index intact and serving.
 */
export async function buildIndex(options: BuildIndexOptions): Promise<Manifest> {
  const { corpusDir, indexDir, embedder, model, onProgress, batchSize = 32 } = options;
  const chunking = options.chunking ?? DEFAULT_CHUNK_OPTIONS;
  const hnsw = options.hnsw ?? DEFAULT_HNSW_PARAMS;
  const began = performance.now();
  await mkdir(indexDir, { recursive: true });
  const release = await acquireLock(lockFileFor(indexDir));
  try {
    const corpus = await loadCorpus(corpusDir);
    const paragraphs = corpus.documents.flatMap((document) => document.paragraphs);
    const chunks = await chunkParagraphs(paragraphs, chunking);
    const sentences = splitSentences(paragraphs);
    const store = PassageStore.fromDocuments(corpus.documents, chunks, sentences);
    onProgress?.({ stage: "parsed", documents: corpus.documents.length, paragraphs: paragraphs.length, chunks: chunks.length, sentences: sentences.length });

    const documents = new Map(corpus.documents.map((document) => [document.id, document]));
    const chunkTexts = chunks.map((chunk) => {
      const paragraph = store.paragraphs.get(chunk.paragraphId);
      const document = paragraph && documents.get(paragraph.docId);
      if (!paragraph || !document) throw new Error(`chunk without paragraph ${chunk.paragraphId}`);
      return chunkEmbeddingText(document, paragraph, chunk);
    });
    const sentenceTexts = sentences.map((sentence, row) => {
      const paragraph = store.paragraphs.get(sentence.paragraphId) as Paragraph;
      return sentenceEmbeddingText(documents.get(paragraph.docId) as CorpusDocument, paragraph, store.sentenceText(row));
    });
    const texts = [...chunkTexts, ...sentenceTexts];
    // Batches of similar length waste little time on padding; vectors go back to their rows after.
    const order = texts.map((_, row) => row).sort((a, b) => (texts[a] as string).length - (texts[b] as string).length || a - b);
    const vectors: Float32Array[] = new Array(texts.length);
    const embedStart = performance.now();
    for (let offset = 0; offset < order.length; offset += batchSize) {
      const rows = order.slice(offset, offset + batchSize);
      const batch = await embedder.embed(rows.map((row) => texts[row] as string));
      rows.forEach((row, position) => (vectors[row] = batch[position] as Float32Array));
      const done = Math.min(offset + batchSize, order.length);
      const seconds = (performance.now() - embedStart) / 1000;
      onProgress?.({ stage: "embedding", done, total: texts.length, perSecond: done / Math.max(seconds, 1e-3) });
    }
    const dimensions = vectors[0]?.length ?? 0;
    if (dimensions === 0) throw new Error(`the corpus in ${corpusDir} has no paragraphs to index`);

    const vectorIndex = VectorIndex.build(vectors.slice(0, chunks.length), dimensions, hnsw);
    const hnswTemporary = path.join(indexDir, `hnsw.bin.tmp-${process.pid}`);
    await vectorIndex.write(hnswTemporary);
    const hnswBytes = await readFile(hnswTemporary);
    await rm(hnswTemporary, { force: true });

    const sentenceMatrix = new Float32Array(sentences.length * dimensions);
    vectors.slice(chunks.length).forEach((vector, row) => sentenceMatrix.set(vector, row * dimensions));

    const manifest: Manifest = {
      formatVersion: INDEX_FORMAT_VERSION,
      model,
      dimensions,
      hnsw,
      chunking,
      counts: { documents: corpus.documents.length, paragraphs: paragraphs.length, chunks: chunks.length, sentences: sentences.length },
      corpus: corpus.fileHashes,
      files: {
        passages: await writeDataFile(indexDir, "passages", "json", JSON.stringify(store.data)),
        hnsw: await writeDataFile(indexDir, "hnsw", "bin", hnswBytes),
        sentenceVectors: await writeDataFile(indexDir, "sentences", "f32", new Uint8Array(sentenceMatrix.buffer)),
      },
    };
    await publishManifest(indexDir, manifest);
    const removed = await removeUnreferenced(indexDir, manifest);
    onProgress?.({ stage: "written", manifest, seconds: (performance.now() - began) / 1000, removed });
    return manifest;
  } finally {
    await release();
  }
}
