import { z } from "zod";

/** The one error shape every route answers with (see http-errors.ts). */
export const errorSchema = z.object({ error: z.object({ code: z.string(), message: z.string() }) }).meta({ id: "Error" });

const span = z.object({ start: z.number().int(), end: z.number().int() });

export const citationSchema = z
  .object({
    n: z.number().int().describe("The number the [n] markers in the answer use"),
    id: z.string().describe("Paragraph id: <document>/<section path>/<n>"),
    docId: z.string(),
    title: z.string(),
    section: z.string(),
    paragraph: z.number().int(),
    text: z.string().describe("The whole cited paragraph, as in the source"),
    score: z.number(),
    url: z.string(),
    highlights: z.array(span).describe("The supporting sentences, as offsets into text"),
    kind: z.string().optional(),
    page: z.number().int().optional(),
    pageEnd: z.number().int().optional(),
  })
  .meta({ id: "Citation" });

export const answerSchema = z
  .object({ answer: z.string(), citations: z.array(citationSchema), abstained: z.boolean(), confidence: z.number().optional(), notMentioned: z.array(z.string()).optional() })
  .passthrough()
  .meta({ id: "Answer" });

const indexingSchema = z
  .object({
    state: z.enum(["starting", "indexing", "idle"]),
    ready: z.boolean(),
    progress: z.object({ stage: z.string(), done: z.number(), total: z.number(), perSecond: z.number(), etaSeconds: z.number().optional(), detail: z.string().optional() }).optional(),
    lastUpdate: z.object({ at: z.string(), seconds: z.number(), added: z.number(), changed: z.number(), removed: z.number(), embedded: z.number() }).optional(),
    lastError: z.object({ at: z.string(), message: z.string() }).optional(),
    warnings: z.array(z.string()),
  })
  .meta({ id: "IndexingStatus" });

export const healthSchema = z
  .object({
    status: z.enum(["ok", "indexing"]),
    model: z.string().optional(),
    documents: z.number().int().optional(),
    paragraphs: z.number().int().optional(),
    chunks: z.number().int().optional(),
    answers: z.enum(["llm", "extractive"]).optional(),
    indexing: indexingSchema,
  })
  .passthrough()
  .meta({ id: "Health" });

const paragraphSchema = z
  .object({ id: z.string(), docId: z.string(), section: z.string(), sectionAnchor: z.string(), ordinal: z.number().int(), kind: z.string(), text: z.string(), start: z.number().int(), end: z.number().int(), url: z.string() })
  .passthrough()
  .meta({ id: "Paragraph" });

export const sourceSchema = z.object({ id: z.string(), title: z.string(), fileName: z.string(), sections: z.array(z.unknown()), paragraphs: z.array(paragraphSchema) }).passthrough().meta({ id: "Source" });

export const passageSchema = z
  .object({ passage: paragraphSchema, title: z.string(), previous: paragraphSchema.nullable(), next: paragraphSchema.nullable() })
  .passthrough()
  .meta({ id: "PassageWithNeighbours" });
