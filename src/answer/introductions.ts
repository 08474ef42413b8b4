import type { PassageStore } from "../store/passage-store.js";

export const MAX_INTRODUCTIONS = 3;

/** What a paragraph introducing `term` contains, lower-cased: "(mnla)". */
export function introductionMarker(term: string): string {
  return `(${term.toLowerCase()})`;
}

/** Paragraphs that introduce a term the way encyclopedias do: "Movement for ... (MNLA)". First ones first. */
export function introducingParagraphs(passages: PassageStore, term: string): string[] {
  const marker = introductionMarker(term);
  const found: string[] = [];
  for (const paragraph of passages.data.paragraphs) {
    if (paragraph.text.toLowerCase().includes(marker)) found.push(paragraph.id);
    if (found.length >= MAX_INTRODUCTIONS) break;
  }
  return found;
}
