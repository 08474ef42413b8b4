import type { Citation } from "../../answer/types.js";
import { h } from "./dom.js";

/** The paragraph text with its supporting sentence(s) wrapped in <mark>; offsets are validated. */
export function passageWithHighlights(text: string, highlights: Citation["highlights"]): DocumentFragment {
  const fragment = document.createDocumentFragment();
  const ranges = highlights
    .filter((range) => Number.isInteger(range.start) && Number.isInteger(range.end) && range.start >= 0 && range.end > range.start && range.end <= text.length)
    .sort((a, b) => a.start - b.start);
  let cursor = 0;
  for (const range of ranges) {
    if (range.start < cursor) continue;
    if (range.start > cursor) fragment.append(text.slice(cursor, range.start));
    fragment.append(h("mark", { className: "support", text: text.slice(range.start, range.end) }));
    cursor = range.end;
  }
  if (cursor < text.length) fragment.append(text.slice(cursor));
  return fragment;
}

export function supportingText(citation: Citation): string {
  const ranges = citation.highlights.filter((range) => range.end > range.start && range.end <= citation.text.length);
  return ranges.length ? ranges.map((range) => citation.text.slice(range.start, range.end)).join(" … ") : citation.text;
}

export function citationLabel(citation: Citation): string {
  return `${citation.title} — ${citation.section} ¶${citation.paragraph}`;
}

/** `/sources/<doc>?hl=<paragraph>:<start>-<end>#<paragraph>`: the shareable view of one cited paragraph. */
export function sourceHref(citation: Citation): string {
  const fromServer = citation.url.startsWith("/sources/") && !citation.url.startsWith("//");
  const [path, fragment] = fromServer ? citation.url.split("#") : [`/sources/${encodeURIComponent(citation.docId)}`, citation.id];
  const query = citation.highlights
    .filter((range) => Number.isInteger(range.start) && Number.isInteger(range.end) && range.end > range.start)
    .map((range) => `hl=${encodeURIComponent(`${citation.id}:${range.start}-${range.end}`).replace(/%2F/g, "/").replace(/%3A/g, ":")}`)
    .join("&");
  return `${path}${query ? `?${query}` : ""}#${fragment || citation.id}`;
}

/** The answer and its sources as plain text, for the copy button. */
export function answerAsText(text: string, citations: Citation[], origin: string): string {
  const sources = [...citations].sort((a, b) => a.n - b.n).map((citation) => `[${citation.n}] ${citationLabel(citation)} — ${origin}${sourceHref(citation)}`);
  return sources.length ? `${text}\n\nSources:\n${sources.join("\n")}` : text;
}
