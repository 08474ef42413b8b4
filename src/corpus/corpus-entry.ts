/** Why a file of the corpus folder was not indexed. */
export type SkipReason =
  | "unsupported"
  | "binary"
  | "empty"
  | "too-large"
  | "no-text-layer"
  | "unreadable"
  | "outside-corpus"
  | "link-loop"
  | "dangling-link"
  | "not-a-file"
  | "duplicate-id";

/** A file found below the corpus folder that a parser may read. */
export interface CorpusEntry {
  /** Path below the corpus folder with `/` separators (through symlinks, as the user sees it). */
  relativePath: string;
  absolutePath: string;
  size: number;
  mtimeMs: number;
}

export interface SkippedFile {
  relativePath: string;
  reason: SkipReason;
  detail: string;
}

/** The per-file size limit unless configured (`MAX_FILE_BYTES`). */
export const DEFAULT_MAX_FILE_BYTES = 50 * 1024 * 1024;

export interface CorpusReadOptions {
  /** Files larger than this are skipped as too large. */
  maxFileBytes?: number;
}
