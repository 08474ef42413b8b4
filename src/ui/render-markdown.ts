import type { Element, ElementContent, Root as HastRoot } from "hast";
import type { Image, ImageReference } from "mdast";
import { toHast, type Handler, type State } from "mdast-util-to-hast";
import { sanitizeUri } from "micromark-util-sanitize-uri";
import { parseMarkdownTree } from "../corpus/parse-markdown.js";

/** Links may leave for the web or mail, or stay relative; `javascript:`, `data:`, `vbscript:`… are never live. */
const SAFE_PROTOCOL = /^(https?|mailto)$/i;

export function safeHref(href: string): string | undefined {
  const sanitized = sanitizeUri(href, SAFE_PROTOCOL);
  return sanitized === "" ? undefined : sanitized;
}

/** An image is shown as its alt text: the page loads nothing a document names. */
const imageAsAlt: Handler = (_state: State, node: Image | ImageReference) => (node.alt ? { type: "element", tagName: "span", properties: { className: ["image-alt"] }, children: [{ type: "text", value: node.alt }] } : undefined);

const directiveElement =
  (tagName: string): Handler =>
  (state, node) => {
    const result: Element = { type: "element", tagName, properties: { className: ["directive", `directive-${String(node.name).replace(/[^\w-]/g, "")}`] }, children: state.all(node) };
    state.patch(node, result);
    return result;
  };

/** Walks every element, turning unsafe links into plain spans and marking outbound ones. */
function secureLinks(nodes: ElementContent[]): void {
  for (const node of nodes) {
    if (node.type !== "element") continue;
    if (node.tagName === "a") {
      const href = typeof node.properties.href === "string" ? safeHref(node.properties.href) : undefined;
      if (href === undefined) {
        node.tagName = "span";
        node.properties = { className: ["unsafe-link"] };
      } else {
        node.properties = { href, rel: ["noopener", "noreferrer", "nofollow"], ...(/^[a-z]+:/i.test(href) ? { target: "_blank" } : {}) };
      }
    }
    secureLinks(node.children);
  }
}

/**
 * Markdown as a hast tree ready to serialize, parsed exactly as the corpus parser reads it. Raw HTML in the document (blocks and inline tags) is
 * dropped, never passed through; front matter is metadata, not content; images become their alt
 * text; links keep only safe targets. Elements keep their source `position`, which is how passages
 * find their elements (see passage-elements.ts).
 */
export function markdownToHast(source: string): HastRoot {
  // Keyed by node type; `toml` is the front-matter extension's second node type.
  const handlers: Record<string, Handler> = {
    yaml: () => undefined,
    toml: () => undefined,
    image: imageAsAlt,
    imageReference: imageAsAlt,
    containerDirective: directiveElement("div"),
    leafDirective: directiveElement("div"),
    textDirective: directiveElement("span"),
  };
  const tree = toHast(parseMarkdownTree(source), { allowDangerousHtml: false, handlers });
  const root: HastRoot = tree.type === "root" ? tree : { type: "root", children: [tree as ElementContent] };
  secureLinks(root.children as ElementContent[]);
  return root;
}
