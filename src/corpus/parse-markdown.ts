import type { Heading, List, Root, RootContent, Table } from "mdast";
import { fromMarkdown } from "mdast-util-from-markdown";
import { directiveFromMarkdown } from "mdast-util-directive";
import { frontmatterFromMarkdown } from "mdast-util-frontmatter";
import { gfmFromMarkdown } from "mdast-util-gfm";
import { directive } from "micromark-extension-directive";
import { frontmatter } from "micromark-extension-frontmatter";
import { gfm } from "micromark-extension-gfm";
import { DocumentBuilder } from "./document-builder.js";
import { readFrontMatter } from "./front-matter.js";
import { appendBlock, appendPhrasing } from "./markdown-text.js";
import { addBlockPassages, MAX_PASSAGE_CHARS, type BlockPart } from "./passage-parts.js";
import { TextBuilder } from "./text-builder.js";
import type { CorpusDocument, ParagraphKind } from "./types.js";

const FRONT_MATTER = ["yaml", "toml"] as const;

/** CommonMark + GFM (tables, task lists, footnotes, strikethrough) + front matter + `:::` directives. */
export function parseMarkdownTree(source: string): Root {
  return fromMarkdown(source, {
    extensions: [gfm(), frontmatter([...FRONT_MATTER]), directive()],
    mdastExtensions: [gfmFromMarkdown(), frontmatterFromMarkdown([...FRONT_MATTER]), directiveFromMarkdown()],
  });
}

/** mdast's types know YAML front matter only; the front-matter extension also makes `toml` nodes. */
function isToml(node: RootContent): boolean {
  return (node.type as string) === "toml";
}

function span(node: RootContent): { start: number; end: number } {
  return { start: node.position?.start.offset ?? 0, end: node.position?.end.offset ?? 0 };
}

function headingText(source: string, heading: Heading): string {
  const builder = new TextBuilder(source);
  appendPhrasing(builder, heading.children);
  return builder.text.replace(/\s+/g, " ").trim();
}

/** The kind of a block; a container holding a single block takes that block's kind. */
function kindOf(node: RootContent): ParagraphKind {
  switch (node.type) {
    case "list":
      return "list";
    case "table":
      return "table";
    case "code":
      return "code";
    case "blockquote":
      return "quote";
    case "containerDirective": {
      const blocks = node.children.filter((child) => !(child.type === "paragraph" && child.data?.directiveLabel));
      return blocks.length === 1 && blocks[0] ? kindOf(blocks[0]) : "paragraph";
    }
    default:
      return "paragraph";
  }
}

/** A block's visible text with its source range; lists and tables also give one part per item or row. */
function blockParts(source: string, node: RootContent): BlockPart[] {
  const items: RootContent[] = node.type === "list" ? (node as List).children.map((item) => ({ ...node, start: ((node as List).start ?? 1) + (node as List).children.indexOf(item), children: [item] }) as List) : node.type === "table" ? (node as Table).children.map((row) => ({ ...node, children: [row] }) as Table) : [node];
  return items.map((item) => {
    const builder = new TextBuilder(source);
    appendBlock(builder, item);
    const only = item.type === "list" || item.type === "table" ? item.children[0] : item;
    return { ...span(only as RootContent), builder };
  });
}

/**
 * Parses Markdown into sections and passages. Headings (ATX and setext) open sections; each
 * paragraph, list, table, code block, blockquote or `:::` container is one passage, a long list or
 * table one passage per run of items or rows (a table's header row goes along as context). Front
 * matter is metadata; HTML comments and raw HTML markup never reach the text.
 */
export function parseMarkdown(docId: string, source: string): Pick<CorpusDocument, "title" | "metadata" | "sections" | "paragraphs"> & { warnings: string[] } {
  const tree = parseMarkdownTree(source);
  const warnings: string[] = [];
  let title: string | undefined;
  let metadata: CorpusDocument["metadata"];
  for (const node of tree.children) {
    if (node.type === "yaml" || isToml(node)) {
      const read = readFrontMatter(node.type === "yaml" ? "yaml" : "toml", "value" in node ? String(node.value) : "");
      if (read.warning) warnings.push(read.warning);
      title ??= read.title;
      metadata = read.metadata;
    }
  }
  const headings = tree.children.filter((node): node is Heading => node.type === "heading");
  const titleHeading = title === undefined ? headings.find((heading) => heading.depth === 1) : undefined;
  if (titleHeading) title = headingText(source, titleHeading);
  // When H1 headings other than the title remain, they are the top sections and everything moves down a level.
  const shift = headings.some((heading) => heading.depth === 1 && heading !== titleHeading) ? 1 : 0;

  const builder = new DocumentBuilder(docId);
  for (const node of tree.children) {
    if (node === titleHeading || node.type === "yaml" || isToml(node) || node.type === "definition" || node.type === "thematicBreak") continue;
    if (node.type === "heading") {
      builder.openHeading(node.depth + shift, headingText(source, node) || "Section");
      continue;
    }
    if (node.type === "html" && /^\s*<!--/.test(node.value)) continue;
    const kind = kindOf(node);
    const parts = blockParts(source, node);
    const header = node.type === "table" ? parts[0]?.builder.text : undefined;
    addBlockPassages(builder, { kind, ...span(node), parts, maxChars: MAX_PASSAGE_CHARS, header });
  }
  return { title: title ?? "", ...(metadata ? { metadata } : {}), sections: builder.sections, paragraphs: builder.paragraphs, warnings };
}
