import { createRequire } from "node:module";
import { LRUCache } from "lru-cache";
import { escapeRegExp } from "../escape-reg-exp.js";
import type { AnswerKinds } from "./answer-kinds.js";

// compromise/two is the tagger without the sentence and verb views this module never reads: the same
// question words and tags on all 3,250 SQuAD dev questions, in 0.9 ms a question instead of 1.4 ms.
type Nlp = typeof import("compromise/two").default;
type Tagger = (text: string) => ReturnType<ReturnType<Nlp["tokenize"]>["compute"]>;
let tag: Tagger | undefined;

/**
 * compromise builds its lexicon as it loads, 0.2-0.3 s of the main thread (measured), which every
 * start paid before the index could be served. Its CommonJS build is loaded on first use instead:
 * the first question, or loadQuestionTagger once a server is otherwise ready.
 *
 * Questions are tagged without compromise's post-tagger, the pass of grammar corrections that
 * took 70% of tagging on the main thread (0.81 against 0.24 ms a question over 6,000 SQuAD
 * questions). The answer kind it reads differs on 26 of them (0.4%): "After what year…" is now a
 * time question and "According to Norbu who…" a name question, where the post-tagger saw no
 * question word; "…classifies Muslims who follow Shia interpretation as what?" now reads "who".
 */
function tagger(): Tagger {
  if (!tag) {
    const nlp = createRequire(import.meta.url)("compromise/two") as Nlp;
    const hooks = nlp.hooks().filter((hook) => hook !== "postTagger");
    tag = (text) => nlp.tokenize(text).compute(hooks);
  }
  return tag;
}

/** A text tagged by the question tagger (compromise, without its post-tagger; see above). */
export function tagText(text: string): ReturnType<Tagger> {
  return tagger()(text);
}

/** Loads the tagger now (synchronously), so no question pays for it. */
export function loadQuestionTagger(): void {
  tagger();
}

/** What kind of fact a question asks for, when its wording says so. */
export type ExpectedAnswer = "time" | "quantity" | "name" | "reason" | "overview" | { acronym: string } | { subject: string } | undefined;

/** "What is JNIM?", "Who was Bah Ndaw?": the question asks what or who something is. */
const DEFINITION_QUESTION = /^\s*(?:what|who)\s+(?:is|are|was|were)\s+(?:the\s+)?([^?]{2,60}?)\s*\??\s*$/i;
/** "What does MNLA stand for?" asks for the words behind an acronym. */
const ACRONYM_QUESTION = /\b[Ww]hat (?:does|did|do) (?:the )?(\p{Lu}[\p{L}]*\p{Lu}+)\s+stands? for\b/u;
/** Requests that ask for a summary rather than a fact. */
const OVERVIEW = /^\s*(?:tell me|describe|explain|summari[sz]e|give me an overview|what happened)\b/i;

/**
 * The kind of answer from the question word, as compromise's tagger finds it (the first
 * `#QuestionWord`, so "How old was X when…" is about an age, not a date), and the word after it:
 * "how" + an adjective asks for a measure ("how many", "how old", "how long"); "what"/"which" + a
 * date noun or "time" asks for a time ("which year", "what century", "what time").
 */
export function expectedAnswer(question: string): ExpectedAnswer {
  const known = EXPECTED.get(question);
  if (known) return known.expected;
  const expected = readExpectedAnswer(question);
  EXPECTED.set(question, { expected });
  return expected;
}

/**
 * Tagging a question with compromise costs about as much as the rest of answering on the main
 * thread, and retrieval and evidence both ask for the same question's kind: it is read once.
 */
const EXPECTED = new LRUCache<string, { expected: ExpectedAnswer }>({ max: 512 });

/**
 * A leading clause before the question itself: "When B cells begin to replicate, what do their
 * offspring become?" asks "what", not "when".
 */
const LEADING_CLAUSE = /^\s*(?:when|whenever|while|if|once|after|before|as|since)\b[^,?]*,\s*(?=(?:who|whom|whose|what|which|when|where|why|how)\b)/i;

function readExpectedAnswer(asked: string): ExpectedAnswer {
  const question = asked.replace(LEADING_CLAUSE, "");
  const acronym = ACRONYM_QUESTION.exec(question);
  if (acronym?.[1]) return { acronym: acronym[1] };
  const definition = DEFINITION_QUESTION.exec(question);
  if (definition?.[1] && definition[1].split(/\s+/).length <= 6) return { subject: definition[1] };
  if (OVERVIEW.test(question)) return "overview";
  const document = tagger()(questionWindow(question));
  const word = document.match("#QuestionWord").first();
  if (!word.found) return undefined;
  const next = word.lookAhead(".").first();
  switch (word.text("normal")) {
    case "when":
      return "time";
    case "where":
    case "who":
    case "whom":
    case "whose":
      return "name";
    case "why":
      return "reason";
    case "how":
      return next.has("#Adjective") || next.has("#Adverb") ? "quantity" : undefined;
    case "what":
    case "which":
      // "What time of day…" asks for a time as "which year" does (the tagger reads "time" as a plain
      // noun); "which time zone", "what time signature" do not.
      return next.has("#Date") || next.has("#Duration") || (next.text("normal") === "time" && !next.lookAhead(".").first().has("#Noun")) ? "time" : undefined;
    default:
      return undefined;
  }
}

/** Characters of a question compromise reads: the question word with some context either side. */
const WINDOW_CHARS = 100;
const WH_WORD = /\b(?:who|whom|whose|what|which|when|where|why|how)\b/i;

/**
 * The part of a long question that holds its question word: tagging costs time in proportion to
 * the text (0.2-0.3 s of main thread for 1,000 characters), and only the question word and the
 * word after it are read. The window starts shortly before the first wh-word, so compromise still
 * sees enough context to tell a question word from a conjunction ("How old was he when…").
 */
function questionWindow(question: string): string {
  if (question.length <= WINDOW_CHARS) return question;
  const at = Math.max(0, question.search(WH_WORD));
  const start = Math.max(0, question.lastIndexOf(" ", Math.max(0, at - WINDOW_CHARS / 4)));
  const end = question.indexOf(" ", start + WINDOW_CHARS);
  if (end < 0) return question.slice(start);
  // compromise tags a wh-word as a question word only in a sentence that reads as a question.
  return `${question.slice(start, end)}${question.trimEnd().endsWith("?") ? "?" : ""}`;
}

/** The term a definition or acronym question is about, if it is one. */
export function definedTerm(expected: ExpectedAnswer): string | undefined {
  if (typeof expected !== "object") return undefined;
  return "acronym" in expected ? expected.acronym : expected.subject;
}

/** The pattern of a sentence introducing the subject, compiled once per question (expectedAnswer caches the kind object it is keyed on), not once per sentence. */
const INTRODUCES = new WeakMap<{ subject: string }, RegExp>();

function introducesSubject(expected: { subject: string }): RegExp {
  let pattern = INTRODUCES.get(expected);
  if (!pattern) {
    const subject = escapeRegExp(expected.subject);
    pattern = new RegExp(`\\(${subject}\\)|\\b${subject}\\s*\\(|\\b${subject},?\\s+(?:is|was|are|were)\\s+(?:a|an|the)\\s|\\b${subject},\\s+(?:a|an|the|who)\\s`, "i");
    INTRODUCES.set(expected, pattern);
  }
  return pattern;
}

/** Whether a sentence holds the kind of fact the question asks for (undefined: the question does not say). */
export function matchesExpected(expected: ExpectedAnswer, sentence: string, kinds: () => AnswerKinds): boolean | undefined {
  // An acronym is spelled out where the text introduces it: "National Movement for ... (MNLA)".
  if (typeof expected === "object" && "acronym" in expected) return sentence.includes(`(${expected.acronym})`);
  // A definition introduces its subject: "... (JNIM)", "JNIM is a ...", "Iyad Ag Ghaly, who ...".
  // Other sentences are not penalised: many answers never use those patterns.
  if (typeof expected === "object") return introducesSubject(expected).test(sentence) ? true : undefined;
  switch (expected) {
    case "time":
      return kinds().time;
    case "quantity":
      return kinds().quantity;
    case "name":
      return kinds().name;
    default:
      return undefined;
  }
}
