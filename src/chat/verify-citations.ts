const segmenter = new Intl.Segmenter("en", { granularity: "sentence" });

const MARKER = /(\s*)\[(\d{1,3}(?:\s*,\s*\d{1,3})*)\]/g;
/** Longest text held back while waiting for a "[" to close. */
const MAX_PENDING = 16;

/**
 * Filters a model's streamed text so only `[n]` markers that point at a passage it was given survive.
 * Markers can be split across deltas, so text from an unclosed "[" is held back until it closes.
 */
export class CitationFilter {
  private pending = "";
  private readonly removed = new Set<number>();
  private readonly used = new Set<number>();
  private text = "";

  constructor(private readonly valid: Set<number>) {}

  /** Feeds a delta; returns the text that can be shown now. */
  push(delta: string): string {
    this.pending += delta;
    const open = this.pending.lastIndexOf("[");
    let holdFrom = open >= 0 && !this.pending.includes("]", open) && this.pending.length - open <= MAX_PENDING ? open : this.pending.length;
    // Trailing spaces wait too: if a marker follows and is removed, its leading space goes with it.
    while (holdFrom > 0 && /\s/.test(this.pending.charAt(holdFrom - 1))) holdFrom--;
    const ready = this.pending.slice(0, holdFrom);
    this.pending = this.pending.slice(holdFrom);
    return this.emit(ready);
  }

  /** Releases whatever is still held back at the end of the stream. */
  flush(): string {
    const rest = this.pending;
    this.pending = "";
    return this.emit(rest);
  }

  private emit(chunk: string): string {
    const cleaned = chunk.replace(MARKER, (_, space: string, list: string) => {
      const numbers = list.split(",").map((value) => Number(value.trim()));
      const kept = numbers.filter((n) => this.valid.has(n));
      for (const n of numbers) (this.valid.has(n) ? this.used : this.removed).add(n);
      // A removed marker takes its leading space with it: "lost [9]." becomes "lost.".
      return kept.length ? `${space}${kept.map((n) => `[${n}]`).join("")}` : "";
    });
    this.text += cleaned;
    return cleaned;
  }

  /** Marker numbers that pointed at no passage and were removed. */
  get removedMarkers(): number[] {
    return [...this.removed].sort((a, b) => a - b);
  }

  /** Marker numbers that survived, i.e. the passages the answer cites. */
  get usedMarkers(): number[] {
    return [...this.used].sort((a, b) => a - b);
  }

  get output(): string {
    return this.text;
  }
}

/** Sentences of an answer that carry no citation marker. */
export function uncitedSentences(text: string): string[] {
  return [...segmenter.segment(text)]
    .map(({ segment }) => segment.trim())
    .filter((sentence) => /[\p{L}\p{N}]/u.test(sentence) && !/\[\d+\]/.test(sentence));
}
