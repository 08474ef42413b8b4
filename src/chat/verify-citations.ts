import { ABSTENTION_TEXT } from "../answer/types.js";
import { answerSentenceSpans } from "./answer-sentences.js";

/** Share of an answer's sentences that must carry a valid citation for the answer to be shown. */
export const MIN_CITED_SHARE = 0.8;
/** Word n-grams this long that also occur in the rules mean the answer is copying its instructions. */
const PROMPT_SHINGLE = 6;

const MARKER = /\[(\d{1,3}(?:\s*,\s*\d{1,3})*)\]/g;
const FENCE = /<\/?passages>/i;

/** What the answer was written from: the numbered passages and the prompt text it must not copy. */
export interface VerificationContext {
  passages: { n: number; title: string; section: string }[];
  /** The rules (system prompt); an answer quoting them is rejected. */
  system: string;
  question: string;
}

interface Counts {
  sentences: number;
  cited: number;
}

export type Verdict =
  | {
      kind: "answer";
      /** The cited sentences only, with markers that point at no passage removed. */
      text: string;
      usedMarkers: number[];
      removedMarkers: number[];
      /** Sentences left out because they carry no valid citation. */
      uncitedSentences: string[];
      counts: Counts;
    }
  | { kind: "abstention"; counts: Counts }
  | { kind: "rejected"; reason: string; counts: Counts };

/** Lower case, letters and digits only, single spaces: what two texts share once formatting is gone. */
export function normalise(text: string): string {
  return text
    .normalize("NFKC")
    .toLowerCase()
    .replace(MARKER, " ")
    .replace(/[^\p{L}\p{N}]+/gu, " ")
    .trim();
}

function shingles(words: string[], size: number): string[] {
  const result: string[] = [];
  for (let index = 0; index + size <= words.length; index++) result.push(words.slice(index, index + size).join(" "));
  return result;
}

/**
 * `[n]` opening a line and followed by a passage's title is the passage label of the prompt
 * (`[1] 2015 Nampala raid — Introduction`) copied back, not a citation: it is blanked out so it
 * cannot count as one.
 */
function withoutLabelMarkers(text: string, titles: string[]): string {
  return text.replace(/^([ \t]*)\[\d{1,3}\]([^\n]*)/gm, (line, indent: string, rest: string) => {
    const after = ` ${normalise(rest)} `;
    return titles.some((title) => title && after.startsWith(` ${title} `)) ? `${indent}${rest}` : line;
  });
}

/**
 * Checks an LLM answer against the passages it was given. It is shown only when at least
 * MIN_CITED_SHARE of its sentences cite a passage that exists, no sentence copies the rules, the
 * question or a passage label, and it does not echo the `<passages>` fence. The abstention sentence
 * on its own (after normalisation) is an abstention; containing it is not.
 */
export function verifyAnswer(raw: string, context: VerificationContext): Verdict {
  const valid = new Set(context.passages.map((passage) => passage.n));
  const titles = context.passages.map((passage) => normalise(passage.title));
  const labels = context.passages.map((passage) => normalise(`${passage.title} ${passage.section}`));
  const rules = ` ${normalise(context.system)} `;
  const question = normalise(context.question);

  const text = withoutLabelMarkers(raw.trim(), titles);
  // A marker standing alone after the full stop ("… 2015. [1]") belongs to the sentence before it.
  // Each sentence keeps the whitespace before it when that holds a line break, so a verified list
  // or set of paragraphs keeps its Markdown structure once uncited sentences are left out.
  const sentences: { text: string; before: string }[] = [];
  let previousEnd = 0;
  for (const span of answerSentenceSpans(text)) {
    const gap = text.slice(previousEnd, span.start);
    previousEnd = span.end;
    const last = sentences[sentences.length - 1];
    if (!/[\p{L}\p{N}]/u.test(span.text.replace(MARKER, "")) && last) last.text += ` ${span.text}`;
    else sentences.push({ text: span.text, before: gap.includes("\n") ? gap : " " });
  }
  const used = new Set<number>();
  const removed = new Set<number>();
  const kept: { text: string; before: string }[] = [];
  const uncited: string[] = [];
  for (const sentence of sentences) {
    let cites = false;
    const cleaned = sentence.text
      .replace(MARKER, (_, list: string) => {
        const numbers = list.split(",").map((value) => Number(value.trim()));
        const good = numbers.filter((n) => valid.has(n));
        for (const n of numbers) (valid.has(n) ? used : removed).add(n);
        if (good.length) cites = true;
        return good.length ? good.map((n) => `[${n}]`).join("") : "";
      })
      .replace(/\s+([.,;:!?])/g, "$1")
      .trim();
    if (cites) kept.push({ text: cleaned, before: sentence.before });
    else uncited.push(cleaned);
  }
  const counts = { sentences: sentences.length, cited: kept.length };
  const reject = (reason: string): Verdict => ({ kind: "rejected", reason, counts });

  if (normalise(raw) === normalise(ABSTENTION_TEXT)) return { kind: "abstention", counts };
  if (sentences.length === 0) return reject("the answer was empty");
  if (FENCE.test(raw)) return reject("the answer echoes the <passages> fence");
  for (const { text: sentence } of sentences) {
    const normal = normalise(sentence);
    const words = normal.split(" ").filter(Boolean);
    if (question && (normal === question || normal === `question ${question}`)) return reject("the answer repeats the question");
    if (labels.some((label) => label && ` ${normal} `.includes(` ${label} `))) return reject("the answer copies a passage label");
    const copiesRules = words.length >= 3 && words.length < PROMPT_SHINGLE ? rules.includes(` ${normal} `) : shingles(words, PROMPT_SHINGLE).some((shingle) => rules.includes(` ${shingle} `));
    if (copiesRules) return reject("the answer copies the instructions");
  }
  if (kept.length / sentences.length < MIN_CITED_SHARE) {
    return reject(kept.length === 0 ? "the answer cited no passage" : `only ${kept.length} of ${sentences.length} sentences cited a passage`);
  }
  return {
    kind: "answer",
    text: kept.map((sentence, index) => (index ? sentence.before : "") + sentence.text).join(""),
    usedMarkers: [...used].sort((a, b) => a - b),
    removedMarkers: [...removed].sort((a, b) => a - b),
    uncitedSentences: uncited,
    counts,
  };
}
