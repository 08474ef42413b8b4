import type { PassageStore } from "../store/passage-store.js";
import { answerPieces, formatBlock, joinAnswer, withIntroMarker } from "./follow-on.js";
import type { Answer, Citation } from "./types.js";

export interface SupportingSentence {
  paragraphId: string;
  start: number;
  end: number;
  /** Support score reported on the citation (0–1). */
  score: number;
}

export function sourceUrl(docId: string, paragraphId: string): string {
  // A document id is a slug path (`guides/getting-started`): its slashes stay path separators.
  return `/sources/${docId.split("/").map(encodeURIComponent).join("/")}#${paragraphId}`;
}

/** Puts the `[n]` marker before the sentence's final punctuation: "... in 2015 [1]." (adding a full stop if it has none). */
export function withMarker(sentence: string, n: number): string {
  const match = /([.!?]+["'”’)]*)$/.exec(sentence);
  if (!match) return `${sentence.trimEnd()} [${n}].`;
  return `${sentence.slice(0, match.index).trimEnd()} [${n}]${match[1]}`;
}

/** The citation of one paragraph under marker `n`, with no highlights yet. */
export function citationFor(passages: PassageStore, paragraphId: string, n: number): Citation {
  const paragraph = passages.paragraphs.get(paragraphId);
  if (!paragraph) throw new Error(`unknown paragraph ${paragraphId}`);
  return {
    n,
    id: paragraph.id,
    docId: paragraph.docId,
    title: passages.documents.get(paragraph.docId)?.title ?? paragraph.docId,
    section: paragraph.section,
    paragraph: paragraph.ordinal,
    text: paragraph.text,
    score: 0,
    url: sourceUrl(paragraph.docId, paragraph.id),
    highlights: [],
    kind: paragraph.kind,
    ...(paragraph.page !== undefined ? { page: paragraph.page } : {}),
    ...(paragraph.pageEnd !== undefined ? { pageEnd: paragraph.pageEnd } : {}),
  };
}

/** Builds the numbered citations for the given sentences, one per paragraph, numbered in order of first use. */
export function buildCitations(passages: PassageStore, sentences: SupportingSentence[]): { citations: Citation[]; numberOf: (paragraphId: string) => number } {
  const citations: Citation[] = [];
  const byParagraph = new Map<string, Citation>();
  for (const sentence of sentences) {
    let citation = byParagraph.get(sentence.paragraphId);
    if (!citation) {
      citation = citationFor(passages, sentence.paragraphId, citations.length + 1);
      citations.push(citation);
      byParagraph.set(sentence.paragraphId, citation);
    }
    citation.score = Math.max(citation.score, Math.round(sentence.score * 1000) / 1000);
    citation.highlights.push({ start: sentence.start, end: sentence.end });
  }
  for (const citation of citations) citation.highlights.sort((a, b) => a.start - b.start);
  return { citations, numberOf: (paragraphId) => byParagraph.get(paragraphId)?.n ?? 0 };
}

/** An extractive answer: each chosen sentence verbatim, followed by the marker of its paragraph. */
export function composeExtractive(passages: PassageStore, sentences: SupportingSentence[]): Omit<Answer, "confidence"> {
  // A sentence ending in a colon brings the code block, list or table it introduces (follow-on.ts).
  const pieces = answerPieces(passages, sentences);
  const { citations, numberOf } = buildCitations(passages, pieces);
  const parts = pieces.map((sentence) => {
    if (sentence.block) return formatBlock(sentence.block, numberOf(sentence.paragraphId));
    const paragraph = passages.paragraphs.get(sentence.paragraphId);
    const text = paragraph?.text.slice(sentence.start, sentence.end) ?? "";
    // An infobox fact ("Date: June 24, 2011") needs its document named to read as a sentence.
    const readable = paragraph?.kind === "fact" ? `${passages.documents.get(paragraph.docId)?.title ?? ""} — ${text}` : text;
    return (sentence.introduces ? withIntroMarker : withMarker)(readable, numberOf(sentence.paragraphId));
  });
  return { answer: joinAnswer(pieces, parts), citations, abstained: false };
}
