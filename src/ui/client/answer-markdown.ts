import type { Nodes, Parents, PhrasingContent, RootContent, Table } from "mdast";
import { fromMarkdown } from "mdast-util-from-markdown";
import { gfmFromMarkdown } from "mdast-util-gfm";
import { gfm } from "micromark-extension-gfm";
import { h } from "./dom.js";

/** Appends a run of answer text to an element; the answer view turns its `[n]` markers into chips. */
export type AppendText = (parent: HTMLElement, text: string) => void;

/**
 * The answer's Markdown as elements. Extractive answers carry the code blocks, lists and tables
 * of their passages as Markdown (answer/follow-on.ts), and LLM answers may use it too. Parsed by
 * micromark (CommonMark and GFM); nothing is ever inserted as HTML: raw HTML, images and links
 * become their text (a link's target is not followed from an answer).
 */
export function answerBlocks(markdown: string, appendText: AppendText): Node[] {
  const tree = fromMarkdown(markdown, { extensions: [gfm()], mdastExtensions: [gfmFromMarkdown()] });
  return tree.children.map((node) => block(node, appendText));
}

/** The text a node shows, markup left out. */
function textOf(node: Nodes): string {
  if ("value" in node) return node.value;
  if ("alt" in node) return node.alt ?? "";
  return "children" in node ? (node.children as Nodes[]).map(textOf).join("") : "";
}

function inline(parent: HTMLElement, nodes: PhrasingContent[], appendText: AppendText): HTMLElement {
  for (const node of nodes) {
    switch (node.type) {
      case "text":
        appendText(parent, node.value);
        break;
      case "inlineCode":
        parent.append(h("code", { text: node.value }));
        break;
      case "emphasis":
        parent.append(inline(h("em"), node.children, appendText));
        break;
      case "strong":
        parent.append(inline(h("strong"), node.children, appendText));
        break;
      case "break":
        parent.append(h("br"));
        break;
      default:
        // Links, images, HTML, references: their text only, markers still turned into chips.
        appendText(parent, textOf(node));
    }
  }
  return parent;
}

function children(parent: HTMLElement, node: Parents, appendText: AppendText): HTMLElement {
  for (const child of node.children as RootContent[]) parent.append(block(child, appendText));
  return parent;
}

function table(node: Table, appendText: AppendText): HTMLElement {
  const [head, ...rows] = node.children;
  const row = (cells: typeof head, tag: "th" | "td") => h("tr", {}, (cells?.children ?? []).map((cell) => inline(h(tag), cell.children, appendText)));
  // Wide tables scroll inside their own box, never the page.
  return h("div", { className: "answer-table" }, [h("table", {}, [h("thead", {}, [row(head, "th")]), h("tbody", {}, rows.map((cells) => row(cells, "td")))])]);
}

function block(node: RootContent | Nodes, appendText: AppendText): Node {
  switch (node.type) {
    case "paragraph":
      return inline(h("p", { className: "message-text" }), node.children, appendText);
    case "heading":
      return inline(h("p", { className: "message-text answer-heading" }), node.children, appendText);
    case "code":
      return h("pre", { className: "answer-code" }, [h("code", { text: node.value, ...(node.lang ? { attrs: { "data-lang": node.lang } } : {}) })]);
    case "list": {
      const list = h(node.ordered ? "ol" : "ul", { className: "answer-list", ...(node.ordered && node.start && node.start !== 1 ? { attrs: { start: String(node.start) } } : {}) });
      return children(list, node, appendText);
    }
    case "listItem":
      return children(h("li"), node, appendText);
    case "blockquote":
      return children(h("blockquote", { className: "answer-quote" }), node, appendText);
    case "table":
      return table(node, appendText);
    case "thematicBreak":
      return h("hr");
    default:
      return inline(h("p", { className: "message-text" }), [{ type: "text", value: textOf(node) }], appendText);
  }
}
