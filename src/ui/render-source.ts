import type { Paragraph } from "../corpus/types.js";
import type { PassageStore, StoredDocument } from "../store/passage-store.js";
import { escapeHtml } from "./html.js";

export interface Highlight {
  paragraphId: string;
  start: number;
  end: number;
}

/** The paragraph's text with its valid, non-overlapping highlight ranges wrapped in `<mark class="support">`. */
function renderText(paragraph: Paragraph, highlights: Highlight[]): string {
  const { text } = paragraph;
  const ranges = highlights
    .filter((range) => range.paragraphId === paragraph.id && range.start < range.end && range.end <= text.length)
    .sort((a, b) => a.start - b.start)
    .filter((range, index, sorted) => index === 0 || range.start >= (sorted[index - 1] as Highlight).end);
  let html = "";
  let cursor = 0;
  for (const range of ranges) {
    html += `${escapeHtml(text.slice(cursor, range.start))}<mark class="support">${escapeHtml(text.slice(range.start, range.end))}</mark>`;
    cursor = range.end;
  }
  return html + escapeHtml(text.slice(cursor));
}

/**
 * The document as a standalone page: every paragraph is an element whose id is the paragraph id,
 * so `/sources/doc#paragraph-id` scrolls to it and `:target` highlights it.
 */
export function renderSourcePage(passages: PassageStore, document: StoredDocument, highlights: Highlight[] = []): string {
  const body = document.sections
    .map((section) => {
      const heading = section.level > 1 ? `<h${Math.min(section.level, 6)} id="${escapeHtml(`${document.id}/${section.anchor}`)}">${escapeHtml(section.title)}</h${Math.min(section.level, 6)}>` : "";
      const paragraphs = section.paragraphIds
        .map((id) => passages.paragraphs.get(id))
        .filter((paragraph): paragraph is Paragraph => paragraph !== undefined)
        .map((paragraph) => {
          const tag = paragraph.kind === "infobox" ? "li" : "p";
          return `<${tag} id="${escapeHtml(paragraph.id)}" class="passage" data-paragraph="${paragraph.ordinal}">${renderText(paragraph, highlights)}<a class="permalink" href="#${escapeHtml(paragraph.id)}" aria-label="Link to this paragraph">¶</a></${tag}>`;
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
<link rel="icon" href="/ui/favicon.svg" type="image/svg+xml">
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
