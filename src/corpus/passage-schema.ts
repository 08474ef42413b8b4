import { z } from "zod";
import type { PassageData } from "../store/passage-store.js";
import { PARAGRAPH_KINDS } from "./types.js";

const span = { start: z.number().int().nonnegative(), end: z.number().int().nonnegative() };
const FORMATS = ["markdown", "html", "pdf", "docx", "text", "wiki"] as const;

/** The shape of the stored passages file (`passages.*.json`), checked when an index is loaded (readPassageData). */
const passageDataSchema = z.object({
  documents: z.array(
    z.object({
      id: z.string(),
      title: z.string(),
      fileName: z.string(),
      // Indexes written before these fields existed are read, then found stale and rebuilt.
      relativePath: z.string().default(""),
      format: z.enum(FORMATS).default("text"),
      metadata: z.object({ author: z.string().optional(), date: z.string().optional(), tags: z.array(z.string()).optional() }).optional(),
      extracted: z.object({ mediaType: z.enum(["text/plain", "text/html"]), content: z.string(), pageStarts: z.array(z.number().int().nonnegative()).optional() }).optional(),
      sections: z.array(z.object({ anchor: z.string(), title: z.string(), path: z.array(z.string()), level: z.number().int(), paragraphIds: z.array(z.string()) })),
    }),
  ),
  paragraphs: z.array(
    z.object({
      id: z.string(),
      docId: z.string(),
      section: z.string(),
      sectionAnchor: z.string(),
      ordinal: z.number().int().positive(),
      kind: z.enum(PARAGRAPH_KINDS),
      text: z.string(),
      ...span,
      page: z.number().int().positive().optional(),
      pageEnd: z.number().int().positive().optional(),
      context: z.string().optional(),
    }),
  ),
  chunks: z.array(z.object({ paragraphId: z.string(), ...span })),
  sentences: z.array(z.object({ paragraphId: z.string(), ...span })),
}) satisfies z.ZodType<PassageData>;

/** How many items of each large array `readPassageData` checks. */
const SAMPLED_ITEMS = 32;

/** About `count` items spread over `items`, the first and the last among them; other values as they are. */
function sampleOf(items: unknown, count: number): unknown {
  if (!Array.isArray(items) || items.length <= count) return items;
  const step = (items.length - 1) / (count - 1);
  return Array.from({ length: count }, (_, position) => items[Math.round(position * step)]);
}

/**
 * The stored passages if `json` has their shape; undefined otherwise. Every document is checked,
 * but only a sample of the paragraphs, chunks and sentences: the file has already matched the
 * checksum its writer recorded, so what remains to catch is a file written to another schema, whose
 * items all differ, and checking each of thousands of items cost ~0.1 s of every start (measured).
 */
export function readPassageData(json: unknown): PassageData | undefined {
  if (typeof json !== "object" || json === null) return undefined;
  const { paragraphs, chunks, sentences } = json as Record<string, unknown>;
  const sampled = { ...json, paragraphs: sampleOf(paragraphs, SAMPLED_ITEMS), chunks: sampleOf(chunks, SAMPLED_ITEMS), sentences: sampleOf(sentences, SAMPLED_ITEMS) };
  const parsed = passageDataSchema.safeParse(sampled);
  if (!parsed.success) return undefined;
  // The checked documents (with defaults filled in) and the arrays the sample stood for.
  return { ...parsed.data, paragraphs, chunks, sentences } as PassageData;
}
