import { z } from "zod";
import type { PassageData } from "../store/passage-store.js";
import { PARAGRAPH_KINDS } from "./types.js";

const span = { start: z.number().int().nonnegative(), end: z.number().int().nonnegative() };
const FORMATS = ["markdown", "html", "pdf", "docx", "text", "wiki"] as const;

/** The shape of the stored passages file (`passages.*.json`), checked when an index is loaded. */
export const passageDataSchema = z.object({
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
