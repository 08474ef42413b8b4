import type { PassageStore } from "../store/passage-store.js";
import { contentTerms } from "../retrieve/terms.js";

/**
 * Infobox facts that only repeat the document's title ("Conflict: Nampala raid" in "2015 Nampala raid").
 * They resemble every question about the document yet answer none, so they are never used as evidence.
 */
export function titleOnlyFacts(passages: PassageStore): Set<string> {
  const redundant = new Set<string>();
  for (const paragraph of passages.data.paragraphs) {
    if (paragraph.kind !== "fact") continue;
    const title = new Set(contentTerms(passages.documents.get(paragraph.docId)?.title ?? ""));
    const value = contentTerms(paragraph.text.slice(paragraph.text.indexOf(":") + 1));
    if (value.length > 0 && value.every((term) => title.has(term))) redundant.add(paragraph.id);
  }
  return redundant;
}
