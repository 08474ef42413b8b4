import { DEFAULT_ANSWER_OPTIONS, type AnswerOptions } from "./answer/answer-options.js";
import { answerExtractively, answerParts } from "./answer/extractive-answerer.js";
import { definedTerm, expectedAnswer } from "./answer/question-type.js";
import { splitQuestion } from "./answer/split-question.js";
import { gatherEvidence, paragraphSimilarity, type EvidenceSet } from "./answer/evidence.js";
import type { Answer } from "./answer/types.js";
import { probeBest } from "./answer/probe-best.js";
import { verifyEvidence } from "./answer/verify-evidence.js";
import type { Embedder } from "./embed/embedder.js";
import { memoryCorpus, type CorpusReader, type WorkingSet } from "./retrieve/corpus-reader.js";
import { nextTurn } from "./event-loop-turn.js";
import { Retriever, type Retrieval } from "./retrieve/retriever.js";
import { contentTerms } from "./retrieve/terms.js";
import type { LoadedIndex } from "./store/load-index.js";
import type { PassageStore } from "./store/passage-store.js";
import type { Verifier } from "./verifier/verifier.js";

export const DEFAULT_K = 6;
export const MAX_K = 20;

export interface AskOptions {
  /** How many of the best paragraphs the answer may draw on. */
  k?: number;
  /**
   * Earlier questions a follow-up refers back to; they join the retrieval query so "When was it
   * formed?" after "What is JNIM?" retrieves JNIM's paragraphs. The kind of answer comes from the question alone.
   */
  context?: string[];
  /** Aborts queued model work when the client goes away. */
  signal?: AbortSignal;
  /**
   * `retrieve` only: rank paragraphs without the verifier, for a caller that reads `paragraphIds`
   * alone (the verifier never reorders paragraphs, so they are the same).
   */
  paragraphsOnly?: boolean;
}

export interface RankedRetrieval {
  /** Paragraph ids, best first, at most k. */
  paragraphIds: string[];
  evidence: EvidenceSet;
  /** The passages the answer read: the whole index in memory, or the question's working set from the database. */
  passages: PassageStore;
}

/** Question answering over a corpus: hybrid retrieval, sentence scoring, verification, extractive answer. */
export interface Assistant {
  /** Where answering reads the corpus (its manifest, and passages for source views). */
  readonly corpus: CorpusReader;
  /** The answering settings in force (printed by `npm run eval -- --verbose`). */
  readonly options: AnswerOptions;
  retrieve(query: string, options?: AskOptions, focus?: string): Promise<RankedRetrieval>;
  ask(question: string, options?: AskOptions): Promise<Answer>;
}

/** An assistant over an index held in memory. */
export interface IndexedAssistant extends Assistant {
  readonly index: LoadedIndex;
}

interface AssistantDependencies {
  embedder: Embedder;
  verifier?: Verifier;
  options?: AnswerOptions;
}

/** One question part's retrieval, before its passages are read. */
interface Found {
  query: string;
  focus?: string;
  /** The earlier questions a follow-up refers back to, joined; empty for a question that stands alone. */
  context?: string;
  retrieval: Retrieval;
  introductions: string[];
}

/**
 * Wires answering over an index in memory, or over a CorpusReader that reads each question's
 * passages from the database. Without a verifier (or with `mode: "heuristic"`) the evidence
 * score alone chooses and decides.
 */
export function createAssistant(dependencies: AssistantDependencies & { index: LoadedIndex }): IndexedAssistant;
export function createAssistant(dependencies: AssistantDependencies & { corpus: CorpusReader }): Assistant;
export function createAssistant(dependencies: AssistantDependencies & ({ index: LoadedIndex } | { corpus: CorpusReader })): Assistant {
  const { embedder } = dependencies;
  const corpus = "index" in dependencies ? memoryCorpus(dependencies.index) : dependencies.corpus;
  const verifier = dependencies.options?.mode === "heuristic" ? undefined : dependencies.verifier;
  const options: AnswerOptions = { ...(dependencies.options ?? DEFAULT_ANSWER_OPTIONS), mode: verifier ? "verifier" : "heuristic" };
  const retriever = new Retriever(corpus, embedder, options.retrieval);

  const find = async (query: string, { k = DEFAULT_K, signal }: AskOptions, focus?: string): Promise<Found> => {
    // "What is JNIM?": the paragraph that introduces "(JNIM)" joins the candidates even when
    // similarity ranks the many paragraphs merely mentioning JNIM above it.
    const term = definedTerm(expectedAnswer(focus ?? query));
    const [retrieval, introductions] = await Promise.all([retriever.retrieve(query, { k: Math.max(options.retrieval.candidates, k), signal }), term ? corpus.introductions(term) : []]);
    return { query, ...(focus === undefined ? {} : { focus }), retrieval, introductions };
  };

  // One working set for all parts of a question, so their sentences compare and compose as one.
  const read = (found: Found[]): Promise<WorkingSet> =>
    corpus.workingSet({
      paragraphIds: [...new Set(found.flatMap((part) => [...part.retrieval.paragraphs.map((hit) => hit.paragraphId), ...part.introductions]))],
      questionTerms: [...new Set(found.flatMap((part) => contentTerms(part.query)))],
      focusTerms: found.map((part) => contentTerms(part.focus ?? part.query)),
    });

  const rank = async ({ view, stats, skip }: WorkingSet, { query, focus, context, retrieval, introductions }: Found, { k = DEFAULT_K, signal, paragraphsOnly = false }: AskOptions): Promise<RankedRetrieval> => {
    const candidates: Retrieval = { ...retrieval, paragraphs: [...retrieval.paragraphs] };
    const introduced = new Set(introductions);
    for (const id of introduced) {
      if (!candidates.paragraphs.some((hit) => hit.paragraphId === id)) {
        candidates.paragraphs.push({ paragraphId: id, fused: 0, similarity: paragraphSimilarity(view, id, candidates.queryVector) });
      }
    }
    // Each part's evidence scoring takes a turn of its own: the parts of one question rank side by side.
    await nextTurn();
    signal?.throwIfAborted();
    const gathered = gatherEvidence(view, stats, candidates, options.evidence, { skip, focus, introductions: introduced });
    // The answer draws on the k best paragraphs only, so the verifier reads their sentences only:
    // the sentence it probes is then the one the decision judges.
    const kept = new Set(gathered.paragraphs.slice(0, k).map((paragraph) => paragraph.paragraphId));
    let evidence = { ...gathered, sentences: gathered.sentences.filter((sentence) => kept.has(sentence.paragraphId)), paragraphs: gathered.paragraphs.filter((p) => kept.has(p.paragraphId)) };
    // The verifier reads a follow-up after the question it refers back to: "Which city did he
    // govern?" alone names no one, so no sentence could be seen to answer it.
    const verified = context ? `${context} ${focus ?? query}` : (focus ?? query);
    // A question naming what no document mentions abstains whatever the verifier says: it is not asked.
    if (verifier && !paragraphsOnly && evidence.unknownNames.length === 0) {
      evidence = await verifyEvidence(evidence, view.passages, verifier, verified, { candidates: options.verifier.candidates, signal });
      // The words left out are the focus's, a part of the query: their terms are among those the
      // working set counted over the whole corpus (see `read`), so `stats.has` is the corpus's.
      evidence = await probeBest(evidence, view.passages, verifier, { asked: focus ?? query, context: context || undefined }, options, { stats, signal });
    }
    return { paragraphIds: [...kept], evidence, passages: view.passages };
  };

  const assistant: Assistant = {
    corpus,
    options,
    async retrieve(query, askOptions = {}, focus) {
      const found = await find(query, askOptions, focus);
      return rank(await read([found]), found, askOptions);
    },
    async ask(question, askOptions = {}) {
      const context = askOptions.context?.join(" ") ?? "";
      const withContext = (text: string) => (context ? `${text} ${context}` : text);
      const parts = splitQuestion(question);
      const found = (
        await Promise.all(parts.length === 1 ? [find(withContext(question), askOptions, question)] : parts.map((part) => find(withContext(part.query), askOptions, part.focus)))
      ).map((part) => ({ ...part, context }));
      const workingSet = await read(found);
      const ranked = await Promise.all(found.map((part) => rank(workingSet, part, askOptions)));
      const { passages } = workingSet.view;
      if (ranked.length === 1) return answerExtractively(passages, (ranked[0] as RankedRetrieval).evidence, options);
      return answerParts(passages, ranked.map((part) => part.evidence), options);
    },
  };
  if (!("index" in dependencies)) return assistant;
  const indexed: IndexedAssistant = { ...assistant, index: dependencies.index };
  return indexed;
}
