import { fromHtml } from "hast-util-from-html";
import type { Nodes as HastNodes } from "hast";
import type { Nodes, PhrasingContent, RootContent } from "mdast";
import type { TextBuilder } from "./text-builder.js";

/** HTML elements whose text is never reader-visible content. */
const INVISIBLE = new Set(["script", "style", "template", "noscript", "h1", "h2", "h3", "h4", "h5", "h6"]);

function offsets(node: Nodes): { start: number; end: number } {
  return { start: node.position?.start.offset ?? 0, end: node.position?.end.offset ?? 0 };
}

function hastText(node: HastNodes): string {
  if (node.type === "text") return node.value;
  if (node.type === "element" && INVISIBLE.has(node.tagName)) return "";
  if (node.type === "element" && node.tagName === "br") return "\n";
  return "children" in node ? node.children.map((child) => hastText(child)).join("") : "";
}

/**
 * The reader-visible text of a raw HTML block: its text content without comments, scripts and
 * headings (headings written as raw HTML are page banners, not the document's structure).
 */
export function htmlBlockText(html: string): string {
  return hastText(fromHtml(html, { fragment: true })).replace(/[ \t]*\n[ \t]*/g, "\n").replace(/[ \t]+/g, " ").trim();
}

/** Appends the visible text of inline content: markup, inline HTML, images and footnote marks removed. */
export function appendPhrasing(builder: TextBuilder, nodes: PhrasingContent[]): void {
  for (const node of nodes) {
    const { start, end } = offsets(node);
    switch (node.type) {
      case "text":
        // A soft line break reads as a space.
        builder.mapped(node.value, start, end, { lineJoin: " " });
        break;
      case "inlineCode":
        builder.mapped(node.value, start, end, { lineJoin: " " });
        break;
      case "break":
        builder.literal("\n");
        break;
      case "textDirective":
        // `:name` in running text ("Default:true") is far more often prose than a directive.
        builder.mapped(builder.source.slice(start, end), start, end, { lineJoin: " " });
        break;
      case "html":
      case "image":
      case "imageReference":
      case "footnoteReference":
        break;
      default:
        if ("children" in node) appendPhrasing(builder, node.children as PhrasingContent[]);
    }
  }
}

/**
 * Appends the visible text of a block: paragraphs and list items one per line, list items with
 * their marker ("- ", "3. "), nested blocks indented, table rows with cells joined by " | ",
 * code with its line breaks.
 */
export function appendBlock(builder: TextBuilder, node: RootContent, indent = ""): void {
  const newline = () => {
    if (builder.size > 0) builder.literal(`\n${indent}`);
  };
  const { start, end } = offsets(node);
  switch (node.type) {
    case "paragraph":
    case "heading":
      newline();
      appendPhrasing(builder, node.children);
      break;
    case "code":
      newline();
      builder.mapped(node.value, start, end, { lineJoin: `\n${indent}`, keepIndent: true });
      break;
    case "html": {
      const text = node.value.startsWith("<!--") ? "" : htmlBlockText(node.value);
      if (text) {
        newline();
        builder.literal(text);
      }
      break;
    }
    case "list":
      node.children.forEach((item, index) => {
        newline();
        const marker = node.ordered ? `${(node.start ?? 1) + index}. ` : "- ";
        builder.literal(`${marker}${item.checked === true ? "[x] " : item.checked === false ? "[ ] " : ""}`);
        appendChildren(builder, item.children, `${indent}  `, true);
      });
      break;
    case "table":
      node.children.forEach((row) => {
        newline();
        row.children.forEach((cell, index) => {
          if (index > 0) builder.literal(" | ");
          appendPhrasing(builder, cell.children);
        });
      });
      break;
    case "blockquote":
    case "footnoteDefinition":
    case "containerDirective":
    case "leafDirective":
      appendChildren(builder, node.children as RootContent[], indent, false);
      break;
    default:
      break;
  }
}

/** Blocks of a container; the first block of a list item continues the marker's line. */
function appendChildren(builder: TextBuilder, children: RootContent[], indent: string, continuesLine: boolean): void {
  children.forEach((child, index) => {
    if (index === 0 && continuesLine && (child.type === "paragraph" || child.type === "heading")) {
      appendPhrasing(builder, child.children);
      return;
    }
    appendBlock(builder, child, indent);
  });
}
