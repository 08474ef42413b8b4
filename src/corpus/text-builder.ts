/** How far past the expected place a piece of text is looked for in the source (markup, escapes, indentation). */
const LOOKAHEAD = 512;

/** A stretch of built text copied verbatim from the source: text offsets map to source offsets one to one. */
interface Run {
  textStart: number;
  sourceStart: number;
  length: number;
}

/**
 * Builds the reader-visible text of a block while remembering where each verbatim piece came from,
 * so that any offset of the built text maps back to an exact offset in the source (used to split an
 * oversized block into parts that keep exact source ranges).
 */
export class TextBuilder {
  private parts: string[] = [];
  private length = 0;
  private readonly runs: Run[] = [];

  constructor(readonly source: string) {}

  get text(): string {
    return this.parts.join("");
  }

  get size(): number {
    return this.length;
  }

  /** The last character appended, "" when empty. */
  get lastChar(): string {
    return this.parts[this.parts.length - 1]?.slice(-1) ?? "";
  }

  /** Appends text that is not in the source (a separator, a list marker). */
  literal(value: string): void {
    if (!value) return;
    this.parts.push(value);
    this.length += value.length;
  }

  /** Appends `source.slice(from, to)` exactly, line breaks included. */
  verbatim(from: number, to: number): void {
    this.runs.push({ textStart: this.length, sourceStart: from, length: to - from });
    this.literal(this.source.slice(from, to));
  }

  /**
   * Appends `value`, a node's content that lies in the source between `from` and `to`: each line of
   * it is found there (escapes and entities can differ, and then that line maps to where it starts).
   */
  mapped(value: string, from: number, to: number, options: { lineJoin?: string; keepIndent?: boolean } = {}): void {
    const { lineJoin = "\n", keepIndent = false } = options;
    let cursor = from;
    value.split(/\r?\n/).forEach((line, index) => {
      if (index > 0) this.literal(lineJoin);
      // Continuation lines of prose lose their indentation (it is layout); code keeps it.
      const trimmed = index > 0 && !keepIndent ? line.trimStart() : line;
      // Markup between pieces is short; a bounded window keeps a miss from scanning the rest of the file.
      const window = this.source.slice(cursor, Math.min(to, cursor + trimmed.length + LOOKAHEAD));
      const at = trimmed ? window.indexOf(trimmed) : -1;
      const found = at >= 0 ? cursor + at : -1;
      if (found >= 0) {
        this.runs.push({ textStart: this.length, sourceStart: found, length: trimmed.length });
        cursor = found + trimmed.length;
      } else if (trimmed) {
        this.runs.push({ textStart: this.length, sourceStart: cursor, length: 0 });
      }
      this.literal(trimmed);
    });
  }

  /** The source offset of a text offset: exact inside a verbatim run, else the start of the next run. */
  sourceOffset(textOffset: number, fallback: number): number {
    let best: number | undefined;
    for (const run of this.runs) {
      if (textOffset >= run.textStart && textOffset <= run.textStart + run.length) return run.sourceStart + Math.min(textOffset - run.textStart, run.length);
      if (run.textStart > textOffset) {
        best = run.sourceStart;
        break;
      }
    }
    return best ?? fallback;
  }
}
