/** The end of a sentence inside a window: terminal punctuation, optional closing quote or bracket, then a space. */
const SENTENCE_END = /[.!?][)\]"'’”]*\s+/g;

/**
 * Cuts `text` into consecutive pieces of at most `maxChars`, preferring a line break, then a sentence
 * end, then a space in the second half of each window. Each window is scanned once, so the whole
 * cut is linear in the text's length.
 */
export function boundedPieces(text: string, maxChars: number): { start: number; end: number }[] {
  const pieces: { start: number; end: number }[] = [];
  let start = 0;
  while (text.length - start > maxChars) {
    const window = text.slice(start, start + maxChars);
    const half = Math.floor(maxChars / 2);
    let cut = window.lastIndexOf("\n");
    if (cut < half) {
      cut = -1;
      SENTENCE_END.lastIndex = half;
      for (let match = SENTENCE_END.exec(window); match; match = SENTENCE_END.exec(window)) cut = match.index + match[0].length;
    }
    if (cut < half) cut = window.lastIndexOf(" ") + 1;
    if (cut < half) cut = maxChars;
    pieces.push({ start, end: start + cut });
    start += cut;
  }
  if (start < text.length) pieces.push({ start, end: text.length });
  return pieces;
}
