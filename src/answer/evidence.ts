import type { LoadedIndex } from "../store/load-index.js";
import type { Retrieval } from "../retrieve/retriever.js";
import { contentTerms } from "../retrieve/terms.js";
import { expectedAnswer, matchesExpected, type ExpectedAnswer } from "./question-type.js";

/** A sentence of a retrieved paragraph, scored as support for the question. */
export interface Evidence {
  row: number;
  paragraphId: string;
  start: number;
  end: number;
  text: string;
  /** Cosine similarity between the question and this sentence. */
  similarity: number;
  /** Share of the question's content terms found in the sentence (or its document title and section). */
  coverage: number;
  typeMatch: boolean | undefined;
  /** Position of the sentence's paragraph in the retrieval, 0 first. */
  retrievalRank: number;
  score: number;
}

export interface EvidenceSet {
  expected: ExpectedAnswer;
  questionTerms: string[];
  sentences: Evidence[];
}

function dot(vectors: Float32Array, row: number, query: Float32Array): number {
  const offset = row * query.length;
  let sum = 0;
  for (let i = 0; i < query.length; i++) sum += (vectors[offset + i] as number) * (query[i] as number);
  return sum;
}

/**
 * Scores every sentence of the retrieved paragraphs against the question. The weights mix
 * meaning (sentence and paragraph similarity), wording (term coverage) and the kind of fact asked for.
 */
export function gatherEvidence(index: LoadedIndex, retrieval: Retrieval, options: { paragraphs: number }): EvidenceSet {
  const { passages, sentenceVectors } = index;
  const expected = expectedAnswer(retrieval.query);
  const questionTerms = contentTerms(retrieval.query);
  const sentences: Evidence[] = [];

  retrieval.paragraphs.slice(0, options.paragraphs).forEach((hit, retrievalRank) => {
    const paragraph = passages.paragraphs.get(hit.paragraphId);
    if (!paragraph) return;
    const title = passages.documents.get(paragraph.docId)?.title ?? "";
    const contextTerms = new Set(contentTerms(`${title} ${paragraph.section}`));
    for (const row of passages.sentenceRows.get(paragraph.id) ?? []) {
      const text = passages.sentenceText(row);
      const sentenceTerms = new Set(contentTerms(text));
      const found = questionTerms.filter((term) => sentenceTerms.has(term) || contextTerms.has(term)).length;
      const coverage = questionTerms.length ? found / questionTerms.length : 0;
      const similarity = dot(sentenceVectors, row, retrieval.queryVector);
      const typeMatch = matchesExpected(expected, text);
      const sentence = passages.data.sentences[row];
      if (!sentence) continue;
      const score =
        0.45 * similarity +
        0.25 * hit.similarity +
        0.3 * coverage +
        (typeMatch === true ? 0.06 : typeMatch === false ? -0.1 : 0) -
        0.01 * retrievalRank;
      sentences.push({ row, paragraphId: paragraph.id, start: sentence.start, end: sentence.end, text, similarity, coverage, typeMatch, retrievalRank, score });
    }
  });
  sentences.sort((a, b) => b.score - a.score || a.row - b.row);
  return { expected, questionTerms, sentences };
}
