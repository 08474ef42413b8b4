import type { Element, ElementContent, Root } from "hast";
import { toHtml } from "hast-util-to-html";
import type { Paragraph } from "../corpus/types.js";
import type { PassageStore, StoredDocument } from "../store/passage-store.js";
import { escapeHtml } from "./html.js";
import { locateSentences, markRanges } from "./mark-sentences.js";
import { labelPassageElements, passageElements } from "./passage-elements.js";
import { markdownToHast } from "./render-markdown.js";
import { layoutPassages, passageElement } from "./render-passages.js";

export interface Highlight {
  paragraphId: string;
  start: number;
  end: number;
}

export interface SourcePageOptions {
  highlights?: Highlight[];
  /** The document's Markdown source, when it is the text the passages were parsed from. */
  markdown?: string;
}

function textOf(nodes: ElementContent[]): string {
  return nodes.map((node) => (node.type === "text" ? node.value : node.type === "element" ? textOf(node.children) : "")).join("");
}

/**
 * The rendered Markdown, with each passage's elements found by their source offsets. A leading H1
 * that repeats the title is dropped (the page shows the title); a passage that found no element
 * (it should not happen) is still shown, after the document, so every cited id resolves.
 */
function markdownBody(markdown: string, title: string, paragraphs: Paragraph[]): { nodes: ElementContent[]; owned: Map<string, Element[]> } {
  const tree: Root = markdownToHast(markdown);
  const nodes = tree.children as ElementContent[];
  const firstElement = nodes.find((node): node is Element => node.type === "element");
  if (firstElement?.tagName === "h1" && textOf(firstElement.children).trim() === title.trim()) nodes.splice(nodes.indexOf(firstElement), 1);
  const owned = passageElements({ type: "root", children: nodes }, paragraphs);
  const orphans = paragraphs.filter((paragraph) => !owned.has(paragraph.id));
  for (const paragraph of orphans) {
    const node = passageElement(paragraph);
    owned.set(paragraph.id, [node]);
    nodes.push(node);
  }
  return { nodes, owned };
}

/** Marks the supporting sentences given by the highlights inside each cited passage's elements. */
function markSupport(owned: Map<string, Element[]>, paragraphs: Map<string, Paragraph>, highlights: Highlight[]): void {
  const byParagraph = new Map<string, Highlight[]>();
  for (const highlight of highlights) byParagraph.set(highlight.paragraphId, [...(byParagraph.get(highlight.paragraphId) ?? []), highlight]);
  for (const [id, ranges] of byParagraph) {
    const paragraph = paragraphs.get(id);
    const elements = owned.get(id);
    if (!paragraph || !elements) continue;
    const valid = ranges.filter((range) => range.start < range.end && range.end <= paragraph.text.length);
    markRanges(elements, locateSentences(elements, paragraph.text, valid));
  }
}

/**
 * The document as a standalone page. Markdown is rendered from its source (raw HTML dropped, safe
 * links only, images as alt text); other formats are rebuilt from their passages, PDFs with a page
 * separator before each page. Every passage is an element whose id is the passage id (a passage
 * rendered as several elements, such as part of a long list, marks them all with `data-passage`),
 * so `/sources/doc#passage-id` scrolls to it, and the supporting sentences are `<mark class="support">`.
 * Nothing from the document is ever passed through as markup: the body is serialized from a hast tree.
 */
export function renderSourcePage(passages: PassageStore, document: StoredDocument, options: SourcePageOptions = {}): string {
  const { highlights = [], markdown } = options;
  const ordered = passages.paragraphsOf(document.id);
  const { nodes, owned } =
    markdown !== undefined
      ? markdownBody(markdown, document.title, ordered)
      : layoutPassages(document.id, document.sections, passages.paragraphs, document.extracted?.pageStarts);
  const byId = new Map(ordered.map((paragraph) => [paragraph.id, paragraph]));
  labelPassageElements(owned, (id) => ({ dataKind: byId.get(id)?.kind ?? "paragraph", dataParagraph: byId.get(id)?.ordinal ?? 0 }));
  markSupport(owned, byId, highlights);
  const body = toHtml({ type: "root", children: nodes });
  const format = document.format;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(document.title)}</title>
<link rel="icon" href="/ui/favicon.svg" type="image/svg+xml">
<link rel="stylesheet" href="/ui/source.css">
</head>
<body class="source format-${escapeHtml(format)}">
<main>
<p class="back"><a href="/">← Chat</a></p>
<h1>${escapeHtml(document.title)}</h1>
<article class="document">
${body}
</article>
</main>
<script src="/ui/source.js" defer></script>
</body>
</html>`;
}
