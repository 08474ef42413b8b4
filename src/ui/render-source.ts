import type { Paragraph } from "../corpus/types.js";
import type { PassageStore, StoredDocument } from "../store/passage-store.js";
import { escapeHtml } from "./html.js";

export interface Highlight {
  paragraphId: string;
  start: number;
  end: number;
}

function renderText(paragraph: Paragraph, highlight: Highlight | undefined): string {
  const { text } = paragraph;
  if (!highlight || highlight.paragraphId !== paragraph.id || highlight.end <= highlight.start || highlight.end > text.length) {
    return escapeHtml(text);
  }
  return `${escapeHtml(text.slice(0, highlight.start))}<mark class="support">${escapeHtml(text.slice(highlight.start, highlight.end))}</mark>${escapeHtml(text.slice(highlight.end))}`;
}

/**
 * The document as a standalone page: every paragraph is an element whose id is the paragraph id,
 * so `/sources/doc#paragraph-id` scrolls to it and `:target` highlights it.
 */
export function renderSourcePage(passages: PassageStore, document: StoredDocument, highlight?: Highlight): string {
  const body = document.sections
    .map((section) => {
      const heading = section.level > 1 ? `<h${Math.min(section.level, 6)} id="${escapeHtml(`${document.id}/${section.anchor}`)}">${escapeHtml(section.title)}</h${Math.min(section.level, 6)}>` : "";
      const paragraphs = section.paragraphIds
        .map((id) => passages.paragraphs.get(id))
        .filter((paragraph): paragraph is Paragraph => paragraph !== undefined)
        .map((paragraph) => {
          const tag = paragraph.kind === "infobox" ? "li" : "p";
          return `<${tag} id="${escapeHtml(paragraph.id)}" class="passage" data-paragraph="${paragraph.ordinal}">${renderText(paragraph, highlight)}<a class="permalink" href="#${escapeHtml(paragraph.id)}" aria-label="Link to this paragraph">¶</a></${tag}>`;
        })
        .join("\n");
      if (section.anchor === "infobox") return `<aside class="infobox"><h2>Infobox</h2><ul>${paragraphs}</ul></aside>`;
      return `${heading}\n${paragraphs}`;
    })
    .join("\n");
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(document.title)}</title>
<link rel="stylesheet" href="/ui/source.css">
</head>
<body class="source">
<main>
<p class="back"><a href="/">← Chat</a></p>
<h1>${escapeHtml(document.title)}</h1>
${body}
</main>
<script src="/ui/source.js" defer></script>
</body>
</html>`;
}
