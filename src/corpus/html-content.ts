import type { Element, Nodes, Root } from "hast";

/** Elements that are never content: scripts, styles, forms and embedded widgets. */
const NEVER_CONTENT = new Set(["script", "style", "noscript", "template", "form", "button", "select", "textarea", "input", "iframe", "svg", "canvas", "dialog", "nav", "aside", "footer"]);
/** Page chrome unless it belongs to an article or the main content (an article's own header holds its title). */
const CHROME = new Set(["header"]);
const CHROME_ROLES = new Set(["navigation", "banner", "contentinfo", "complementary", "search"]);
const BLOCKS = new Set(["p", "pre", "ul", "ol", "dl", "table", "blockquote", "h1", "h2", "h3", "h4", "h5", "h6"]);

export function isElement(node: Nodes): node is Element {
  return node.type === "element";
}

/** Whether an element and everything below it is left out of the extracted content. */
export function isExcluded(element: Element, insideContent: boolean): boolean {
  const { properties } = element;
  if (NEVER_CONTENT.has(element.tagName)) return true;
  if (CHROME.has(element.tagName) && !insideContent) return true;
  if (properties.hidden !== undefined && properties.hidden !== false) return true;
  if (properties.ariaHidden === "true") return true;
  return typeof properties.role === "string" && CHROME_ROLES.has(properties.role);
}

function textLength(node: Nodes, insideContent: boolean): number {
  if (node.type === "text") return node.value.trim().length;
  if (isElement(node) && isExcluded(node, insideContent)) return 0;
  if (!("children" in node)) return 0;
  let total = 0;
  for (const child of node.children) total += textLength(child, insideContent);
  return total;
}

function findAll(node: Nodes, test: (element: Element) => boolean, found: Element[] = []): Element[] {
  if (isElement(node)) {
    if (isExcluded(node, false) && node.tagName !== "header") return found;
    if (test(node)) found.push(node);
  }
  if ("children" in node) for (const child of node.children) findAll(child, test, found);
  return found;
}

/**
 * The element holding a page's main content: `<main>` (or `role=main`), else the `<article>` with
 * the most text, else the element whose own block children (paragraphs, lists, tables …) hold the
 * most text when they hold at least half the page's text, else the body.
 */
export function mainContent(root: Root): { element: Nodes; insideContent: boolean } {
  const mains = findAll(root, (element) => element.tagName === "main" || element.properties.role === "main");
  if (mains[0]) return { element: mains[0], insideContent: true };
  const byText = (elements: Element[]) => elements.map((element) => ({ element, length: textLength(element, true) })).sort((a, b) => b.length - a.length)[0];
  const article = byText(findAll(root, (element) => element.tagName === "article"));
  if (article && article.length > 0) return { element: article.element, insideContent: true };
  const body = findAll(root, (element) => element.tagName === "body")[0] ?? root;
  const total = textLength(body, false);
  const blockText = (element: Element) => element.children.reduce((sum, child) => sum + (isElement(child) && BLOCKS.has(child.tagName) ? textLength(child, false) : 0), 0);
  const best = findAll(body, () => true)
    .map((element) => ({ element, length: blockText(element) }))
    .sort((a, b) => b.length - a.length)[0];
  if (best && best.length >= total / 2) return { element: best.element, insideContent: false };
  return { element: body, insideContent: false };
}
