import type { SkipReason } from "./corpus-entry.js";

/** A parser's verdict on a file it cannot index (no text layer, a corrupt DOCX …): the file is skipped with this reason. */
export class UnindexableError extends Error {
  override name = "UnindexableError";
  constructor(
    readonly reason: SkipReason,
    message: string,
  ) {
    super(message);
  }
}
