import type { CorpusDocument } from "../../src/corpus/types.js";

/** Whether the non-space characters of `text` occur in order in `source`: the text is the source with markup removed. */
export function isReadableSubsequence(text: string, source: string): boolean {
  const wanted = text.replace(/\s+/g, "");
  const within = source.replace(/\s+/g, "");
  let at = 0;
  for (const character of wanted) {
    at = within.indexOf(character, at);
    if (at < 0) return false;
    at += character.length;
  }
  return true;
}

/** Every word a reader can see in a parsed document: its title, section titles and passage texts. */
export function visibleWords(document: CorpusDocument): string[] {
  const texts = [document.title, ...document.sections.map((section) => section.title), ...document.paragraphs.map((paragraph) => paragraph.text)];
  return texts.join(" ").toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
}

export function countOf(words: string[], word: string): number {
  return words.filter((candidate) => candidate === word).length;
}
