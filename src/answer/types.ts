import type { ParagraphKind } from "../corpus/types.js";

/** One cited paragraph; `n` is the number used by the `[n]` markers in the answer. */
export interface Citation {
  n: number;
  id: string;
  docId: string;
  title: string;
  section: string;
  paragraph: number;
  /** The whole cited paragraph, exactly as in the source document. */
  text: string;
  /** How strongly this paragraph supports the answer (cosine similarity of its best sentence, 0–1). */
  score: number;
  url: string;
  /** The sentences of `text` the answer relies on, as offsets into `text`. */
  highlights: { start: number; end: number }[];
  /** What the cited passage is: paragraph, list, table, code, quote or (infobox) fact. */
  kind?: ParagraphKind;
  /** For paged formats (PDF): the 1-based page the passage starts on. */
  page?: number;
  /** For paged formats: the page the passage ends on, when it is not `page`. */
  pageEnd?: number;
}

export interface Answer {
  answer: string;
  citations: Citation[];
  /** True when the documents do not hold the answer; then `citations` is empty. */
  abstained: boolean;
  /**
   * How sure the answering is that the documents answer the question (0–1); below the calibrated
   * threshold it abstains. Comparable within one answering mode only.
   */
  confidence: number;
  /** Names in the question that no document mentions, when that is why it abstained ("Cassandra"). */
  notMentioned?: string[];
}

export const ABSTENTION_TEXT = "The documents do not contain an answer to this question.";
