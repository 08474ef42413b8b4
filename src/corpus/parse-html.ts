import type { Element, ElementContent, Nodes, Root } from "hast";
import { fromHtml } from "hast-util-from-html";
import { DocumentBuilder } from "./document-builder.js";
import { isElement, isExcluded, mainContent } from "./html-content.js";
import { addBlockPassages, MAX_PASSAGE_CHARS, type BlockPart } from "./passage-parts.js";
import { TextBuilder } from "./text-builder.js";
import type { CorpusDocument, ParagraphKind } from "./types.js";

const HEADING = /^h([1-6])$/;
const BLOCK_KINDS: Record<string, ParagraphKind> = { p: "paragraph", pre: "code", ul: "list", ol: "list", dl: "list", table: "table", blockquote: "quote", figure: "paragraph", address: "paragraph" };
/** Elements that start a new line of a passage's text. */
const LINE_BREAKING = new Set(["p", "div", "li", "tr", "dt", "dd", "pre", "blockquote", "ul", "ol", "dl", "table", "section", "figure", "figcaption", "h1", "h2", "h3", "h4", "h5", "h6", "hr"]);

function span(node: Nodes): { start: number; end: number } {
  return { start: node.position?.start.offset ?? 0, end: node.position?.end.offset ?? 0 };
}

interface HtmlTextContext {
  pre: boolean;
  inside: boolean;
  /** Inside a table cell: blocks are separated by a space, never a line break. */
  cell: boolean;
  /** Shared by the whole walk: a list marker was just written, so the item's first block goes on its line. */
  state: { afterMarker: boolean };
}

/** Appends the reader-visible text of HTML content: whitespace collapsed except in `pre`, `br` a line break. */
function appendHtml(builder: TextBuilder, node: Nodes, context: HtmlTextContext): void {
  if (node.type === "text") {
    const { start, end } = span(node);
    if (context.pre) {
      builder.mapped(node.value, start, end, { keepIndent: true });
    } else {
      let value = node.value.replace(/\s+/g, " ");
      if ((builder.size === 0 || /\s/.test(builder.lastChar)) && value.startsWith(" ")) value = value.slice(1);
      builder.mapped(value, start, end, { lineJoin: " " });
    }
    if (node.value.trim()) context.state.afterMarker = false;
    return;
  }
  if (!isElement(node) || isExcluded(node, context.inside)) return;
  const tag = node.tagName;
  if (tag === "br") {
    builder.literal(context.cell ? " " : "\n");
    return;
  }
  if (tag === "img") return;
  const breaks = LINE_BREAKING.has(tag);
  const separate = () => {
    if (builder.size === 0 || context.state.afterMarker) return;
    if (context.cell) {
      if (!/\s/.test(builder.lastChar)) builder.literal(" ");
    } else if (builder.lastChar !== "\n") {
      builder.literal("\n");
    }
  };
  if (breaks) separate();
  if (tag === "li") {
    const { parentTag, ordinal } = node as Element & { parentTag?: string; ordinal?: number };
    builder.literal(parentTag === "ol" ? `${ordinal ?? 1}. ` : "- ");
    context.state.afterMarker = true;
  }
  if ((tag === "td" || tag === "th") && builder.size > 0 && builder.lastChar !== "\n") builder.literal(builder.lastChar === " " ? "| " : " | ");
  const inner = { ...context, pre: context.pre || tag === "pre", cell: context.cell || tag === "td" || tag === "th" };
  let ordinal = typeof node.properties.start === "number" ? node.properties.start : 1;
  for (const child of node.children) {
    if (isElement(child) && child.tagName === "li") Object.assign(child, { parentTag: tag, ordinal: ordinal++ });
    appendHtml(builder, child, inner);
  }
  if (breaks && tag !== "td" && tag !== "th") separate();
}

function visibleText(node: Nodes, source: string, inside: boolean): TextBuilder {
  const builder = new TextBuilder(source);
  appendHtml(builder, node, { pre: false, inside, cell: false, state: { afterMarker: false } });
  return builder;
}

/** A block element's parts: its list items or table rows, so a long one splits between them. */
function blockParts(element: Element, source: string, inside: boolean): BlockPart[] {
  const rows = element.tagName === "table" ? collect(element, (child) => child.tagName === "tr") : element.tagName === "ul" || element.tagName === "ol" ? element.children.filter((child): child is Element => isElement(child) && child.tagName === "li") : [];
  if (rows.length === 0) return [{ ...span(element), builder: visibleText(element, source, inside) }];
  let ordinal = typeof element.properties.start === "number" ? element.properties.start : 1;
  return rows.map((row) => {
    if (row.tagName === "li") Object.assign(row, { parentTag: element.tagName, ordinal: ordinal++ });
    return { ...span(row), builder: visibleText(row, source, inside) };
  });
}

function collect(node: Element, test: (element: Element) => boolean, found: Element[] = []): Element[] {
  for (const child of node.children) {
    if (!isElement(child)) continue;
    if (test(child)) found.push(child);
    else collect(child, test, found);
  }
  return found;
}

/**
 * Parses HTML into sections and passages: only the main content (see mainContent), h1–h6 open
 * sections (the first h1 is the title), and each paragraph, list, table, `pre` or blockquote is a
 * passage whose offsets are those of its element in the source. Loose text inside a container
 * becomes a paragraph of its own.
 */
export function parseHtmlDocument(docId: string, source: string): Pick<CorpusDocument, "title" | "sections" | "paragraphs" | "format"> & { warnings?: string[] } {
  const root: Root = fromHtml(source);
  const { element: content, insideContent } = mainContent(root);
  const builder = new DocumentBuilder(docId);
  let title: string | undefined;
  let loose: ElementContent[] = [];

  const flushLoose = () => {
    const nodes = loose;
    loose = [];
    const first = nodes[0];
    const last = nodes[nodes.length - 1];
    if (!first || !last) return;
    const text = new TextBuilder(source);
    const context = { pre: false, inside: insideContent, cell: false, state: { afterMarker: false } };
    for (const node of nodes) appendHtml(text, node, context);
    if (!text.text.trim()) return;
    addBlockPassages(builder, { kind: "paragraph", start: span(first).start, end: span(last).end, parts: [{ start: span(first).start, end: span(last).end, builder: text }], maxChars: MAX_PASSAGE_CHARS });
  };

  const visit = (node: Nodes): void => {
    if (!isElement(node)) {
      if (node.type === "text" && "children" in content) loose.push(node);
      return;
    }
    if (isExcluded(node, insideContent)) return;
    const heading = HEADING.exec(node.tagName);
    if (heading) {
      flushLoose();
      const text = visibleText(node, source, insideContent).text.replace(/\s+/g, " ").trim();
      if (title === undefined && heading[1] === "1") title = text;
      else builder.openHeading(Number(heading[1]), text || "Section");
      return;
    }
    const kind = BLOCK_KINDS[node.tagName];
    if (kind) {
      flushLoose();
      addBlockPassages(builder, { kind, ...span(node), parts: blockParts(node, source, insideContent), maxChars: MAX_PASSAGE_CHARS, ...(node.tagName === "table" ? { header: blockParts(node, source, insideContent)[0]?.builder.text } : {}) });
      return;
    }
    if (LINE_BREAKING.has(node.tagName) || node.tagName === "article" || node.tagName === "main" || node.tagName === "header" || node.tagName === "footer") {
      flushLoose();
      for (const child of node.children) visit(child);
      flushLoose();
      return;
    }
    // Inline content (a, em, span …) outside a block joins the loose text around it.
    if (node.children.some((child) => isElement(child) && (LINE_BREAKING.has(child.tagName) || BLOCK_KINDS[child.tagName]))) {
      for (const child of node.children) visit(child);
    } else {
      loose.push(node);
    }
  };

  if ("children" in content) for (const child of content.children) visit(child as Nodes);
  flushLoose();
  const pageTitle = collectTitle(root);
  return { title: title || pageTitle || "", format: "html", sections: builder.sections, paragraphs: builder.paragraphs };
}

function collectTitle(root: Root): string | undefined {
  const stack: Nodes[] = [root];
  while (stack.length > 0) {
    const node = stack.pop() as Nodes;
    if (isElement(node) && node.tagName === "title") return visibleText(node, "", false).text.replace(/\s+/g, " ").trim() || undefined;
    if ("children" in node) stack.push(...(node.children as Nodes[]));
  }
  return undefined;
}
