import { zValidator } from "@hono/zod-validator";
import { Hono } from "hono";
import { z } from "zod";
import { DOCUMENT_ID_PATTERN, PARAGRAPH_ID_PATTERN } from "../corpus/slug.js";
import { sourceUrl } from "../answer/compose.js";
import { ApiError } from "../http-errors.js";
import type { CorpusReader } from "../retrieve/corpus-reader.js";
import type { Highlight } from "../ui/render-source.js";
import type { MarkdownReader } from "./source-file.js";

const MAX_ID_LENGTH = 300;

/**
 * Ids are checked against their strict pattern before any lookup. An id of the wrong shape names
 * nothing that exists, so it is a 404 like an unknown one, never a 400 that would tell them apart.
 */
function idParam<Key extends string>(key: Key, pattern: RegExp, what: string) {
  return zValidator("param", z.object({ [key]: z.string().max(MAX_ID_LENGTH).regex(pattern) }) as z.ZodObject<Record<Key, z.ZodString>>, (result, context) => {
    if (!result.success) throw new ApiError(404, "not_found", `No ${what} with id "${String(context.req.param(key)).slice(0, 80)}"`);
  });
}

type PassageLookup = Pick<CorpusReader, "documentPassages" | "documentOf">;

/** The document with the passages that hold it (the whole corpus in memory, or the document read from the database). */
async function documentOr404(corpus: PassageLookup, docId: string) {
  const passages = await corpus.documentPassages(docId);
  const document = passages?.documents.get(docId);
  if (!passages || !document) throw new ApiError(404, "not_found", `No document with id "${docId.slice(0, 80)}"`);
  return { passages, document };
}

async function paragraphOr404(corpus: PassageLookup, id: string) {
  const docId = await corpus.documentOf(id);
  const passages = docId === undefined ? undefined : await corpus.documentPassages(docId);
  const paragraph = passages?.paragraphs.get(id);
  if (!passages || !paragraph) throw new ApiError(404, "not_found", `No paragraph with id "${id.slice(0, 80)}"`);
  return { passages, paragraph };
}

/** `hl=<paragraph id>:<start>-<end>` (repeatable) marks the supporting sentences inside the cited paragraph. */
const HIGHLIGHT = /^([^:]{1,300}):(\d{1,7})-(\d{1,7})$/;
const MAX_HIGHLIGHTS = 10;

/** Malformed highlight ranges are ignored rather than rejected: the document is still worth showing. */
function parseHighlights(values: string[] | undefined): Highlight[] {
  return (values ?? []).slice(0, MAX_HIGHLIGHTS).flatMap((value) => {
    const match = HIGHLIGHT.exec(value);
    return match ? [{ paragraphId: match[1] as string, start: Number(match[2]), end: Number(match[3]) }] : [];
  });
}

function wantsJson(accept: string | undefined): boolean {
  return /application\/json/i.test(accept ?? "") && !/text\/html/i.test(accept ?? "");
}

/**
 * GET /sources/:docId (HTML or JSON; a document id may hold `/`) and GET /passages/:id (one
 * paragraph with its neighbours). `readMarkdown` gives a Markdown document's source for the
 * rendered view; without it (or when the file changed since indexing) the view is rebuilt from the
 * indexed passages.
 */
export function sourceRoutes(corpus: PassageLookup, options: { readMarkdown?: MarkdownReader } = {}) {
  const { readMarkdown } = options;
  const sources = new Hono().get("/:docId{.+}", idParam("docId", DOCUMENT_ID_PATTERN, "document"), async (context) => {
    const { passages, document } = await documentOr404(corpus, context.req.valid("param").docId);
    if (wantsJson(context.req.header("Accept"))) {
      const paragraphs = passages.paragraphsOf(document.id).map((paragraph) => ({ ...paragraph, url: sourceUrl(document.id, paragraph.id) }));
      // The extracted text of a PDF or DOCX can be large and is not what a client needs here.
      const { extracted: _extracted, ...described } = document;
      return context.json({ ...described, paragraphs });
    }
    const markdown = document.format === "markdown" && readMarkdown ? await readMarkdown(document) : undefined;
    // The renderer (the Markdown and HTML parsers, 0.7 MB of code) loads with the first source page, not with every start.
    const { renderSourcePage } = await import("../ui/render-source.js");
    return context.html(renderSourcePage(passages, document, { highlights: parseHighlights(context.req.queries("hl")), markdown }));
  });

  const passageRoutes = new Hono().get("/:id{.+}", idParam("id", PARAGRAPH_ID_PATTERN, "paragraph"), async (context) => {
    const { passages, paragraph } = await paragraphOr404(corpus, context.req.valid("param").id);
    const siblings = passages.paragraphsOf(paragraph.docId);
    const position = siblings.findIndex((candidate) => candidate.id === paragraph.id);
    const shape = (candidate: typeof paragraph | undefined) => (candidate ? { ...candidate, url: sourceUrl(candidate.docId, candidate.id) } : null);
    return context.json({
      passage: shape(paragraph),
      title: passages.documents.get(paragraph.docId)?.title ?? paragraph.docId,
      previous: shape(siblings[position - 1]),
      next: shape(siblings[position + 1]),
    });
  });
  return { sources, passages: passageRoutes };
}
