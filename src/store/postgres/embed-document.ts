import type pg from "pg";
import { chunkEmbeddingText, sentenceEmbeddingText } from "../../corpus/embedding-text.js";
import type { Paragraph } from "../../corpus/types.js";
import type { Embedder } from "../../embed/embedder.js";
import type { ModelFingerprint } from "../../embed/model-fingerprint.js";
import type { PlannedDocument } from "../corpus-plan.js";
import { embedTexts, type EmbedProgress } from "../embed-texts.js";
import { embeddingKey } from "../embedding-cache.js";
import { lookupEmbeddings, storeEmbeddings } from "./embedding-cache-table.js";

/** The dimensions of the schema's vector columns (migrations/001-corpus.sql). */
export const STORED_DIMENSIONS = 384;

/** The texts the vectors of one document are of: its chunks, then its sentences (as build-index.ts embeds them). */
export function documentEmbeddingTexts({ document, chunks, sentences }: Pick<PlannedDocument, "document" | "chunks" | "sentences">): string[] {
  const paragraphs = new Map(document.paragraphs.map((paragraph) => [paragraph.id, paragraph]));
  const paragraphOf = (id: string) => {
    const paragraph = paragraphs.get(id);
    if (!paragraph) throw new Error(`${document.relativePath}: a piece of an unknown passage ${id}`);
    return paragraph as Paragraph;
  };
  return [
    ...chunks.map((chunk) => chunkEmbeddingText(document, paragraphOf(chunk.paragraphId), chunk)),
    ...sentences.map((sentence) => {
      const paragraph = paragraphOf(sentence.paragraphId);
      return sentenceEmbeddingText(document, paragraph, paragraph.text.slice(sentence.start, sentence.end));
    }),
  ];
}

/**
 * Vectors for one document's chunks and sentences: from the database's cache where it has them, from
 * the model otherwise; new vectors go into the cache at once (outside the document's transaction, so
 * a failed write still spares the next attempt the model time).
 */
export async function embedDocument(options: { pool: pg.Pool; planned: PlannedDocument; embedder: Embedder; model: ModelFingerprint; batchSize?: number; onProgress?: (progress: EmbedProgress) => void }): Promise<{ vectors: Float32Array[]; embedded: number }> {
  const { pool, planned, embedder, model, batchSize = 32, onProgress } = options;
  const texts = documentEmbeddingTexts(planned);
  const keys = texts.map((text) => embeddingKey(text, model));
  const known = await lookupEmbeddings(pool, keys, STORED_DIMENSIONS);
  const result = await embedTexts({ texts, model, embedder, cache: known, batchSize, onProgress });
  const wrong = result.vectors.find((vector) => vector.length !== STORED_DIMENSIONS);
  if (wrong) throw new Error(`the embedding model gives ${wrong.length}-dimensional vectors; the Postgres store holds ${STORED_DIMENSIONS} (a migration is needed for another model)`);
  const fresh = keys.flatMap((key, row): Array<[string, Float32Array]> => (known.get(key) ? [] : [[key, result.vectors[row] as Float32Array]]));
  await storeEmbeddings(pool, fresh);
  return { vectors: result.vectors, embedded: result.embedded };
}
