import type { Assistant } from "../assistant.js";
import type { Answer } from "../answer/types.js";
import { resolveTurn, type ChatMessage } from "../chat/conversation.js";
import type { GoldenConversation, GoldenQuestion } from "./golden-set.js";
import { percentile, share } from "./metrics.js";

export interface QuestionResult {
  question: GoldenQuestion;
  /** 1-based rank of the first expected paragraph in the retrieval, or undefined when missed. */
  firstHit?: number;
  answer: Answer;
  citesExpected: boolean;
  containsExpected: boolean;
  milliseconds: number;
}

export interface EvaluationReport {
  answerable: number;
  unanswerable: number;
  recallAt1: number;
  recallAt3: number;
  recallAt5: number;
  mrr: number;
  /** Answerable questions whose answer cites at least one expected paragraph. */
  citationAccuracy: number;
  /** Answerable questions whose answer contains every `answerContains` string (where given). */
  answerContainsRate: number;
  /** Unanswerable questions that abstained. */
  abstainedWhenUnanswerable: number;
  /** Answerable questions that were wrongly abstained on (a count). */
  abstainedWhenAnswerable: number;
  latencyP50: number;
  latencyP95: number;
  results: QuestionResult[];
}


/** Runs every golden question through retrieval and answering, and scores the results. */
export async function evaluate(assistant: Assistant, questions: GoldenQuestion[], options: { retrieveK?: number } = {}): Promise<EvaluationReport> {
  const { retrieveK = 10 } = options;
  const results: QuestionResult[] = [];
  for (const question of questions) {
    // The answer is timed first, while the question's embedding is not cached yet.
    const began = performance.now();
    const answer = await assistant.ask(question.question);
    const milliseconds = performance.now() - began;
    const retrieval = await assistant.retrieve(question.question, { k: retrieveK, paragraphsOnly: true });
    const rank = retrieval.paragraphIds.findIndex((id) => question.expected.includes(id));
    const answerText = answer.answer.toLowerCase();
    results.push({
      question,
      ...(rank >= 0 ? { firstHit: rank + 1 } : {}),
      answer,
      citesExpected: answer.citations.some((citation) => question.expected.includes(citation.id)),
      containsExpected: !answer.abstained && (question.answerContains ?? []).every((text) => answerText.includes(text.toLowerCase())),
      milliseconds,
    });
  }
  const answerable = results.filter((result) => result.question.answerable);
  const unanswerable = results.filter((result) => !result.question.answerable);
  const hitsAt = (k: number) => share(answerable.filter((result) => result.firstHit !== undefined && result.firstHit <= k).length, answerable.length);
  const latencies = results.map((result) => result.milliseconds);
  return {
    answerable: answerable.length,
    unanswerable: unanswerable.length,
    recallAt1: hitsAt(1),
    recallAt3: hitsAt(3),
    recallAt5: hitsAt(5),
    mrr: share(answerable.reduce((sum, result) => sum + (result.firstHit ? 1 / result.firstHit : 0), 0), answerable.length),
    citationAccuracy: share(answerable.filter((result) => result.citesExpected).length, answerable.length),
    answerContainsRate: share(answerable.filter((result) => result.question.answerContains && result.containsExpected).length, answerable.filter((result) => result.question.answerContains).length),
    abstainedWhenUnanswerable: share(unanswerable.filter((result) => result.answer.abstained).length, unanswerable.length),
    abstainedWhenAnswerable: answerable.filter((result) => result.answer.abstained).length,
    latencyP50: percentile(latencies, 0.5),
    latencyP95: percentile(latencies, 0.95),
    results,
  };
}

/**
 * Replays each conversation as the chat does (earlier turns with the answers they really got, the
 * follow-up resolved against them) and counts the last turns that cite an expected paragraph.
 */
export async function evaluateConversations(assistant: Assistant, conversations: GoldenConversation[]): Promise<{ total: number; hits: number; misses: string[] }> {
  const misses: string[] = [];
  for (const conversation of conversations) {
    const messages: ChatMessage[] = [];
    let cited: string[] = [];
    for (const [index, turn] of conversation.turns.entries()) {
      messages.push({ id: `u${index}`, role: "user", parts: [{ type: "text", text: turn }] });
      const { question, context } = resolveTurn(messages);
      const answer = await assistant.ask(question, { context });
      messages.push({ id: `a${index}`, role: "assistant", parts: [{ type: "text", text: answer.answer }] });
      cited = answer.citations.map((citation) => citation.id);
    }
    if (!cited.some((id) => conversation.expected.includes(id))) misses.push(`${conversation.turns.join(" → ")} (cited ${cited.join(", ") || "nothing"})`);
  }
  return { total: conversations.length, hits: conversations.length - misses.length, misses };
}
