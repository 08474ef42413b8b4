import type { Paragraph } from "../corpus/types.js";
import type { PassageView } from "../retrieve/corpus-reader.js";
import type { Retrieval } from "../retrieve/retriever.js";
import type { TermStats } from "../retrieve/term-stats.js";
import { contentTerms } from "../retrieve/terms.js";
import type { EvidenceWeights } from "./answer-options.js";
import { answerKinds, type AnswerKinds } from "./answer-kinds.js";
import { tagWords } from "./antonyms.js";
import { contradictionCheck, type Contradiction } from "./contradiction.js";
import { statedNumbers } from "./stated-numbers.js";
import { expectedAnswer, matchesExpected, type ExpectedAnswer } from "./question-type.js";
import { questionNameTerms, unknownNames } from "./unknown-names.js";

/** The named features of one candidate sentence; the score is their weighted sum (see `scoreEvidence`). */
export interface EvidenceFeatures {
  similarity: number;
  paragraphSimilarity: number;
  /** idf-weighted share of the question's terms in the sentence, its previous sentence and its paragraph's title and section. */
  coverage: number;
  typeMatch: boolean | undefined;
  /** 1 / (1 + the paragraph's position in hybrid retrieval). */
  rank: number;
  introduction: boolean;
}

/** A sentence of a retrieved paragraph, scored as support for the question. */
export interface Evidence extends EvidenceFeatures {
  row: number;
  paragraphId: string;
  start: number;
  end: number;
  text: string;
  /** Position of the sentence's paragraph in the hybrid retrieval, 0 first. */
  retrievalRank: number;
  /** idf-weighted share of the question's terms found nowhere in the paragraph, its title or section. */
  missingTerms: number;
  score: number;
  /** The verifier's probability that this sentence answers the question, when it read it. */
  verified?: number;
  /**
   * The largest rise of the verifier's logit when one content word is left out of the question
   * (see probe-best.ts), when the sentence was probed: a word the sentence does not support.
   */
  wordDropGain?: number;
  /** What the sentence says in place of what the question asks about (contradiction.ts): it does not answer. */
  contradicts?: Contradiction;
}

export interface EvidenceSet {
  expected: ExpectedAnswer;
  questionTerms: string[];
  /** Names in the question that no document mentions (see unknown-names.ts): the documents cannot answer it. */
  unknownNames: string[];
  /** Every sentence of every candidate paragraph, best first. */
  sentences: Evidence[];
  /** Candidate paragraphs ordered by their best sentence. */
  paragraphs: { paragraphId: string; score: number; similarity: number }[];
}

/**
 * The evidence score: each named feature times its weight, summed. It runs for every sentence of
 * every candidate paragraph (a few hundred a question), so it allocates nothing.
 */
export function scoreEvidence(features: EvidenceFeatures, weights: EvidenceWeights): number {
  return (
    weights.sentence * features.similarity +
    weights.paragraph * features.paragraphSimilarity +
    weights.coverage * features.coverage +
    (features.typeMatch === true ? weights.typeMatch : 0) +
    weights.rank * features.rank +
    (features.introduction ? weights.introduction : 0) +
    (features.typeMatch === false ? -weights.typeMismatch : 0)
  );
}

function dot(vectors: Float32Array, row: number, query: Float32Array): number {
  const offset = row * query.length;
  let sum = 0;
  for (let i = 0; i < query.length; i++) sum += (vectors[offset + i] as number) * (query[i] as number);
  return sum;
}

/** The best cosine similarity between the query and any sentence of the paragraph. */
export function paragraphSimilarity(index: PassageView, paragraphId: string, queryVector: Float32Array): number {
  const rows = index.passages.sentenceRows.get(paragraphId) ?? [];
  return rows.reduce((best, row) => Math.max(best, dot(index.sentenceVectors, row, queryVector)), 0);
}

/**
 * A fact about a sentence's text, computed the first time a question reaches the sentence and kept
 * as long as the passage view: for an index held in memory, its life, since a corpus's sentences
 * are read by question after question (a Postgres working set is a view of one question's own).
 */
function perSentence<T>(compute: (text: string) => T): (index: PassageView, row: number) => T {
  const caches = new WeakMap<PassageView, Map<number, T>>();
  return (index, row) => {
    let cache = caches.get(index);
    if (!cache) caches.set(index, (cache = new Map()));
    let value = cache.get(row);
    if (value === undefined) cache.set(row, (value = compute(index.passages.sentenceText(row))));
    return value;
  };
}

const kindsOf = perSentence(answerKinds);
/** Tagged only for a sentence whose terms already contradict a question (contradiction.ts). */
const taggedOf = perSentence(tagWords);
const numbersOf = perSentence(statedNumbers);

/**
 * A code block's digits and capitals are versions, ports and identifiers of its syntax, not the date,
 * amount or name a question asks for ("How many stars…" is not answered by `1.50.0`).
 */
const NO_KINDS: AnswerKinds = Object.freeze({ time: false, quantity: false, name: false });

/** Sentences ordered by score, then by position: a total order whatever their paragraphs. */
export function compareEvidence(a: Evidence, b: Evidence): number {
  return b.score - a.score || a.row - b.row;
}

/**
 * Scores every sentence of the candidate paragraphs against the question, mixing meaning
 * (sentence and paragraph similarity), wording (idf-weighted term coverage) and the kind of fact
 * asked for; paragraphs are then ranked by their best sentence.
 */
export function gatherEvidence(
  index: PassageView,
  stats: TermStats,
  retrieval: Retrieval,
  weights: EvidenceWeights,
  options: { skip?: Set<string>; /** The part of the question whose kind of answer counts; defaults to the query. */ focus?: string; introductions?: Set<string> } = {},
): EvidenceSet {
  const { passages, sentenceVectors } = index;
  const expected = expectedAnswer(options.focus ?? retrieval.query);
  const questionTerms = contentTerms(retrieval.query);
  const questionTermSet = new Set(contentTerms(options.focus ?? retrieval.query));
  const contradicts = contradictionCheck(options.focus ?? retrieval.query, [...questionTermSet]);
  const sentences: Evidence[] = [];
  const paragraphs: EvidenceSet["paragraphs"] = [];
  const retrieved: Paragraph[] = [];

  // A question that only names a document ("mali war", "Tell me about the Nampala raid") asks for
  // what its opening paragraph says.
  const overview = expected === undefined || expected === "overview" || (typeof expected === "object" && "subject" in expected);
  const namedDocument = overview && questionTermSet.size > 0 ? [...stats.titleTerms].find(([, title]) => [...questionTermSet].every((term) => title.has(term)))?.[0] : undefined;
  const opening = namedDocument ? passages.paragraphsOf(namedDocument)[0]?.id : undefined;

  retrieval.paragraphs.forEach((hit, retrievalRank) => {
    const paragraph = passages.paragraphs.get(hit.paragraphId);
    if (!paragraph || options.skip?.has(paragraph.id)) return;
    const contextTerms = stats.termsOfContext(paragraph.id);
    const rows = passages.sentenceRows.get(paragraph.id) ?? [];
    const paragraphTerms = stats.termsOfParagraph(paragraph.id);
    const missingTerms = stats.weightedShare(questionTerms, (term) => !paragraphTerms.has(term) && !contextTerms.has(term));
    retrieved.push(paragraph);
    const introduction = paragraph.id === opening || (options.introductions?.has(paragraph.id) ?? false);
    const code = paragraph.kind === "code";
    let best: Evidence | undefined;
    // The previous sentence often names what this one calls "the group" or "he".
    let previousTerms = new Set<string>();
    for (const [position, row] of rows.entries()) {
      const sentence = passages.data.sentences[row];
      if (!sentence) continue;
      const text = passages.sentenceText(row);
      const sentenceTerms = stats.termsOfSentence(row);
      const evidence: Evidence = {
        similarity: dot(sentenceVectors, row, retrieval.queryVector),
        paragraphSimilarity: hit.similarity,
        coverage: stats.weightedShare(questionTerms, (term) => sentenceTerms.has(term) || contextTerms.has(term) || previousTerms.has(term)),
        typeMatch: matchesExpected(expected, text, () => (code ? NO_KINDS : kindsOf(index, row))),
        rank: 1 / (1 + retrievalRank),
        introduction,
        row,
        paragraphId: paragraph.id,
        start: sentence.start,
        end: sentence.end,
        text,
        retrievalRank,
        missingTerms,
        score: 0,
      };
      evidence.score = scoreEvidence(evidence, weights);
      // A code block's numbers and words are versions, ports and identifiers, as for answer kinds above.
      const contradiction = code
        ? undefined
        : contradicts?.({
            terms: sentenceTerms,
            numbers: () => numbersOf(index, row),
            earlierNumbers: () => rows.slice(0, position).flatMap((earlier) => numbersOf(index, earlier)),
            tagged: () => taggedOf(index, row),
          });
      if (contradiction) evidence.contradicts = contradiction;
      previousTerms = sentenceTerms;
      sentences.push(evidence);
      if (!best || evidence.score > best.score) best = evidence;
    }
    if (best) paragraphs.push({ paragraphId: paragraph.id, score: best.score, similarity: Math.max(hit.similarity, best.similarity) });
  });
  sentences.sort(compareEvidence);
  paragraphs.sort((a, b) => b.score - a.score || a.paragraphId.localeCompare(b.paragraphId));
  const unknown = unknownNames(questionNameTerms(options.focus ?? retrieval.query), {
    corpusHas: (term) => stats.has(term),
    retrieved: () => ({
      terms: new Set(retrieved.flatMap((paragraph) => [...stats.termsOfParagraph(paragraph.id), ...stats.termsOfContext(paragraph.id)])),
      texts: retrieved.map((paragraph) => `${passages.documents.get(paragraph.docId)?.title ?? ""}. ${paragraph.section}. ${paragraph.text}`),
    }),
  });
  return { expected, questionTerms, unknownNames: unknown, sentences, paragraphs };
}
