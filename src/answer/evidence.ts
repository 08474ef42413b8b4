import type { LoadedIndex } from "../store/load-index.js";
import type { Retrieval } from "../retrieve/retriever.js";
import type { TermStats } from "../retrieve/term-stats.js";
import { contentTerms } from "../retrieve/terms.js";
import { factTopic } from "../corpus/infobox-keys.js";
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
  /** idf-weighted share of the question's content terms found in the sentence itself. */
  coverage: number;
  /** The same, counting terms of the sentence's document title and section too. */
  contextCoverage: number;
  typeMatch: boolean | undefined;
  /** The question names a year that the sentence's paragraph (with its title and section) never mentions. */
  yearMissing: boolean;
  /** Position of the sentence's paragraph in the hybrid retrieval, 0 first. */
  retrievalRank: number;
  score: number;
}

export interface EvidenceSet {
  expected: ExpectedAnswer;
  questionTerms: string[];
  /** idf-weighted share of the question's terms that occur nowhere in the corpus. */
  unfamiliarShare: number;
  /** Every sentence of every candidate paragraph, best first. */
  sentences: Evidence[];
  /** Candidate paragraphs ordered by their best sentence. */
  paragraphs: { paragraphId: string; score: number; similarity: number }[];
}

function dot(vectors: Float32Array, row: number, query: Float32Array): number {
  const offset = row * query.length;
  let sum = 0;
  for (let i = 0; i < query.length; i++) sum += (vectors[offset + i] as number) * (query[i] as number);
  return sum;
}

/** The best cosine similarity between the query and any sentence of the paragraph. */
export function paragraphSimilarity(index: LoadedIndex, paragraphId: string, queryVector: Float32Array): number {
  const rows = index.passages.sentenceRows.get(paragraphId) ?? [];
  return rows.reduce((best, row) => Math.max(best, dot(index.sentenceVectors, row, queryVector)), 0);
}

/** Years a question names: "Who won the 2018 World Cup?" is not answered by a paragraph about 2013. */
function yearsIn(text: string): string[] {
  return [...new Set(text.match(/\b(1[5-9]\d\d|20\d\d)\b/g) ?? [])];
}

/** Weights of the evidence score; the type term rewards a date for "when", a number for "how many". */
const WEIGHTS = { sentence: 0.4, paragraph: 0.2, coverage: 0, contextCoverage: 0.2, typeMatch: 0.05, introduction: 0.1, typeMismatch: 0.15, rank: 0.04, factOnTopic: 0, factOffTopic: 0.1 };

/** Stemmed topic words of each infobox key, computed on first use. */
const TOPIC_TERMS = new Map<object, string[]>();

/** Whether an infobox fact's key is what the question asks about (undefined for unknown keys). */
function factAffinity(fact: string, questionTerms: Set<string>, expected: ExpectedAnswer): boolean | undefined {
  const topic = factTopic(fact);
  if (!topic) return undefined;
  if (typeof expected === "string" && topic.kinds.includes(expected)) return true;
  let terms = TOPIC_TERMS.get(topic);
  if (!terms) TOPIC_TERMS.set(topic, (terms = contentTerms(topic.words.join(" "))));
  return terms.some((term) => questionTerms.has(term));
}

/**
 * Scores every sentence of the candidate paragraphs against the question, mixing meaning
 * (sentence and paragraph similarity), wording (idf-weighted term coverage) and the kind of fact
 * asked for; paragraphs are then ranked by their best sentence.
 */
export function gatherEvidence(
  index: LoadedIndex,
  stats: TermStats,
  retrieval: Retrieval,
  options: { skip?: Set<string>; /** The part of the question whose kind of answer counts; defaults to the query. */ focus?: string } = {},
): EvidenceSet {
  const { passages, sentenceVectors } = index;
  const expected = expectedAnswer(options.focus ?? retrieval.query);
  const questionTerms = contentTerms(retrieval.query);
  const questionTermSet = new Set(contentTerms(options.focus ?? retrieval.query));
  const questionYears = yearsIn(options.focus ?? retrieval.query);
  const sentences: Evidence[] = [];
  const paragraphs: EvidenceSet["paragraphs"] = [];

  // A question that only names a document ("mali war", "Tell me about the Nampala raid") asks for
  // what its opening paragraph says.
  const overview = expected === undefined || expected === "overview" || (typeof expected === "object" && "subject" in expected);
  const namedDocument = overview && questionTermSet.size > 0 ? [...stats.titleTerms].find(([, title]) => [...questionTermSet].every((term) => title.has(term)))?.[0] : undefined;
  const opening = namedDocument ? passages.documents.get(namedDocument)?.sections.find((section) => section.anchor === "intro")?.paragraphIds[0] : undefined;

  retrieval.paragraphs.forEach((hit, retrievalRank) => {
    const paragraph = passages.paragraphs.get(hit.paragraphId);
    if (!paragraph || options.skip?.has(paragraph.id)) return;
    const contextTerms = stats.termsOfContext(paragraph.id);
    const yearMissing =
      questionYears.length > 0 &&
      questionYears.some((year) => !yearsIn(`${passages.documents.get(paragraph.docId)?.title ?? ""} ${paragraph.section} ${paragraph.text}`).includes(year));
    let best: Evidence | undefined;
    // The previous sentence often names what this one calls "the group" or "he".
    let previousTerms = new Set<string>();
    for (const row of passages.sentenceRows.get(paragraph.id) ?? []) {
      const sentence = passages.data.sentences[row];
      if (!sentence) continue;
      const text = passages.sentenceText(row);
      const sentenceTerms = stats.termsOfSentence(row);
      const coverage = stats.weightedShare(questionTerms, (term) => sentenceTerms.has(term));
      const contextCoverage = stats.weightedShare(questionTerms, (term) => sentenceTerms.has(term) || contextTerms.has(term) || previousTerms.has(term));
      previousTerms = sentenceTerms;
      const similarity = dot(sentenceVectors, row, retrieval.queryVector);
      const typeMatch = matchesExpected(expected, text);
      const affinity = paragraph.kind === "fact" ? factAffinity(text, questionTermSet, expected) : undefined;
      const score =
        WEIGHTS.sentence * similarity +
        WEIGHTS.paragraph * hit.similarity +
        WEIGHTS.coverage * coverage +
        WEIGHTS.contextCoverage * contextCoverage +
        (typeMatch === true ? (typeof expected === "object" ? WEIGHTS.introduction : WEIGHTS.typeMatch) : typeMatch === false ? -WEIGHTS.typeMismatch : 0) +
        WEIGHTS.rank / (1 + retrievalRank) +
        (affinity === true ? WEIGHTS.factOnTopic : affinity === false ? -WEIGHTS.factOffTopic : 0) +
        (paragraph.id === opening ? WEIGHTS.introduction : 0);
      const evidence = { row, paragraphId: paragraph.id, start: sentence.start, end: sentence.end, text, similarity, coverage, contextCoverage, typeMatch, yearMissing, retrievalRank, score };
      sentences.push(evidence);
      if (!best || evidence.score > best.score) best = evidence;
    }
    if (best) paragraphs.push({ paragraphId: paragraph.id, score: best.score, similarity: Math.max(hit.similarity, best.similarity) });
  });
  sentences.sort((a, b) => b.score - a.score || a.row - b.row);
  paragraphs.sort((a, b) => b.score - a.score || a.paragraphId.localeCompare(b.paragraphId));
  const unfamiliarShare = stats.weightedShare(questionTerms, (term) => !stats.has(term));
  return { expected, questionTerms, unfamiliarShare, sentences, paragraphs };
}
