import { z } from "zod";

export const INDEX_FORMAT_VERSION = 1;
export const MANIFEST_FILE = "manifest.json";

const fileEntry = z.object({
  name: z.string().regex(/^[a-z]+-[0-9a-f]{16}\.[a-z0-9]+$/),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  bytes: z.number().int().nonnegative(),
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
  counts: z.object({
    documents: z.number().int(),
    paragraphs: z.number().int(),
    chunks: z.number().int(),
    sentences: z.number().int(),
  }),
  /** sha256 of every corpus file the index was built from, by file name. */
  corpus: z.record(z.string(), z.string()),
  files: z.object({ passages: fileEntry, hnsw: fileEntry, sentenceVectors: fileEntry }),
});

export type Manifest = z.infer<typeof manifestSchema>;
export type IndexFileEntry = z.infer<typeof fileEntry>;
