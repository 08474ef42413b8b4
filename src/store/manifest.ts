import { z } from "zod";

/** 2: the manifest records its corpus folder, every document and skipped file, and an embedding cache. */
export const INDEX_FORMAT_VERSION = 2;
export const MANIFEST_FILE = "manifest.json";

const fileEntry = z.object({
  name: z.string().regex(/^[a-z]+-[0-9a-f]{16}\.[a-z0-9]+$/),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  bytes: z.number().int().nonnegative(),
});

/** One indexed corpus file; what GET /documents lists. */
export const indexedDocumentSchema = z.object({
  id: z.string(),
  title: z.string(),
  format: z.string(),
  /** Relative to the corpus folder, with "/" separators. */
  relativePath: z.string(),
  bytes: z.number().int().nonnegative(),
  sha256: z.string(),
  paragraphs: z.number().int().nonnegative(),
  chunks: z.number().int().nonnegative(),
  sentences: z.number().int().nonnegative(),
  /** When this version of the file was parsed and embedded (kept while the file is unchanged). */
  indexedAt: z.string(),
  warnings: z.array(z.string()).default([]),
});

export const skippedFileSchema = z.object({
  relativePath: z.string(),
  reason: z.string(),
  detail: z.string(),
  /** Present when the file was read: an unchanged skipped file is not read again. */
  sha256: z.string().optional(),
});

export const manifestSchema = z.object({
  formatVersion: z.number().int(),
  model: z.object({ id: z.string(), file: z.string(), sha256: z.string() }),
  dimensions: z.number().int().positive(),
  hnsw: z.object({
    space: z.literal("cosine"),
    m: z.number().int().positive(),
    efConstruction: z.number().int().positive(),
    efSearch: z.number().int().positive(),
    seed: z.number().int(),
  }),
  chunking: z.object({ chunkSize: z.number().int().positive(), chunkOverlap: z.number().int().nonnegative() }),
  /** How texts become vectors besides the model (pooling, normalisation, text recipe); part of every cache key. */
  embeddingRecipe: z.string(),
  /** The LEXICAL_RECIPE the lexical file was made with; absent in indexes saved before it was. */
  lexicalRecipe: z.string().optional(),
  /** The corpus folder the index was built from, relative to the index folder ("/" separators). */
  corpusDir: z.string(),
  counts: z.object({
    documents: z.number().int(),
    paragraphs: z.number().int(),
    chunks: z.number().int(),
    sentences: z.number().int(),
  }),
  /** sha256 of every corpus file the index was built from (indexed or skipped), by relative path. */
  corpus: z.record(z.string(), z.string()),
  documents: z.array(indexedDocumentSchema),
  skipped: z.array(skippedFileSchema),
  /** `lexical` (BM25 and term frequencies, lexical-data.ts) is absent in indexes saved before it was: theirs are built from the passages. */
  files: z.object({ passages: fileEntry, hnsw: fileEntry, sentenceVectors: fileEntry, embeddings: fileEntry, lexical: fileEntry.optional() }),
});

export type Manifest = z.infer<typeof manifestSchema>;
export type IndexFileEntry = z.infer<typeof fileEntry>;
export type IndexedDocument = z.infer<typeof indexedDocumentSchema>;
export type SkippedRecord = z.infer<typeof skippedFileSchema>;
