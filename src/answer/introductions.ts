import type { PassageStore } from "../store/passage-store.js";

const MAX_INTRODUCTIONS = 3;

/** Paragraphs that introduce a term the way encyclopedias do: "Movement for ... (MNLA)". First ones first. */
export function introducingParagraphs(passages: PassageStore, term: string): string[] {
  const marker = `(${term.toLowerCase()})`;
  const found: string[] = [];
  for (const paragraph of passages.data.paragraphs) {
    if (paragraph.text.toLowerCase().includes(marker)) found.push(paragraph.id);
    if (found.length >= MAX_INTRODUCTIONS) break;
  }
  return found;
}
