import type { Element, ElementContent } from "hast";
import type { Paragraph, Section } from "../corpus/types.js";

const text = (value: string): ElementContent => ({ type: "text", value });
const element = (tagName: string, properties: Element["properties"], children: ElementContent[]): Element => ({ type: "element", tagName, properties, children });

/**
 * The separator that opens a page of a paged document (`#page-3` scrolls to it). It holds no text
 * (the stylesheet shows "Page n" from `data-page`), so offsets into the passages' text stay exact
 * even where a separator sits inside a passage that crosses a page break.
 */
export function pageSeparator(page: number, inline = false): Element {
  return element(inline ? "span" : "div", { id: `page-${page}`, className: ["page-separator"], role: "separator", ariaLabel: `Page ${page}`, dataPage: page }, []);
}

/** A passage's text with a separator wherever a new page begins inside it. */
function withPageBreaks(paragraph: Paragraph, pageStarts: number[] | undefined): ElementContent[] {
  if (!pageStarts || paragraph.pageEnd === undefined || paragraph.page === undefined) return [text(paragraph.text)];
  const nodes: ElementContent[] = [];
  let cursor = 0;
  for (let page = paragraph.page + 1; page <= paragraph.pageEnd; page++) {
    const at = (pageStarts[page - 1] ?? Number.POSITIVE_INFINITY) - paragraph.start;
    if (at <= cursor || at >= paragraph.text.length) continue;
    nodes.push(text(paragraph.text.slice(cursor, at)), pageSeparator(page, true));
    cursor = at;
  }
  nodes.push(text(paragraph.text.slice(cursor)));
  return nodes;
}

/**
 * One passage as an element built from its reader text (formats whose source is not re-rendered:
 * plain and wiki text, HTML, PDF, DOCX). The text is kept whole in each element so highlight
 * offsets into it stay exact; lists and tables are shown one item or row per line (see the
 * stylesheet's `white-space`).
 */
export function passageElement(paragraph: Paragraph, pageStarts?: number[]): Element {
  const kind: string = paragraph.kind;
  const content = withPageBreaks(paragraph, pageStarts);
  switch (kind) {
    case "code":
      return element("pre", {}, [element("code", {}, content)]);
    case "quote":
      return element("blockquote", {}, content);
    case "list":
    case "table":
      return element("div", { className: [`passage-${kind}`] }, content);
    case "fact":
    case "infobox":
      return element("li", {}, content);
    default:
      return element("p", {}, content);
  }
}

export interface PassageLayout {
  nodes: ElementContent[];
  /** The element each passage was rendered as. */
  owned: Map<string, Element[]>;
}

/**
 * The document rebuilt from its sections and passages: headings, then each passage as an element;
 * for a paged document a separator with the page number comes before the first passage of each
 * page (and before any page that only continues a passage from the page before).
 */
export function layoutPassages(documentId: string, sections: Section[], paragraphs: Map<string, Paragraph>, pageStarts?: number[]): PassageLayout {
  const nodes: ElementContent[] = [];
  const owned = new Map<string, Element[]>();
  let page = 0;
  for (const section of sections) {
    const members = section.paragraphIds.map((id) => paragraphs.get(id)).filter((paragraph): paragraph is Paragraph => paragraph !== undefined);
    const rendered: ElementContent[] = [];
    for (const paragraph of members) {
      if (paragraph.page !== undefined) {
        while (page < paragraph.page) rendered.push(pageSeparator(++page));
      }
      const node = passageElement(paragraph, pageStarts);
      if (paragraph.page !== undefined) node.properties.dataPage = paragraph.pageEnd ? `${paragraph.page}-${paragraph.pageEnd}` : paragraph.page;
      owned.set(paragraph.id, [node]);
      rendered.push(node);
      if (paragraph.pageEnd !== undefined) page = Math.max(page, paragraph.pageEnd);
    }
    if (section.anchor === "infobox") {
      nodes.push(element("aside", { className: ["infobox"] }, [element("h2", {}, [text("Infobox")]), element("ul", {}, rendered)]));
      continue;
    }
    if (section.level > 1) nodes.push(element(`h${Math.min(section.level, 6)}`, { id: `${documentId}/${section.anchor}` }, [text(section.title)]));
    nodes.push(...rendered);
  }
  return { nodes, owned };
}
