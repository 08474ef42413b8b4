/**
 * One-off: turns SQuAD 2.0 into (question, candidate sentence) pairs for training the answer
 * verifier (scripts/train-verifier.py). Sentences are split with the project's own segmenter and
 * passages built with the runtime's `verifierPassage`, so training sees what the server sees.
 *
 *   npx tsx scripts/verifier-data.ts --out /tmp/verifier-data [--wordnet DIR] [--swap-noun SHARE] [--dev]
 *
 * Writes train.jsonl (flat pairs) and calibration.jsonl (per question, every sentence of the gold
 * paragraph) from the articles `squadRole` assigns; the dev articles are never trained on, and
 * `--dev` writes their questions as dev.jsonl, like calibration.jsonl, for measuring only
 * (scripts/train-reader.py).
 */
import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { parseArgs } from "node:util";
import nlp from "compromise";
import MiniSearch from "minisearch";
import { eng } from "stopword";
import { splitSentences } from "../src/corpus/sentences.js";
import { escapeRegExp } from "../src/escape-reg-exp.js";
import { readSquad, squadRole, type SquadArticle } from "../src/eval/squad.js";
import { verifierPassage } from "../src/verifier/verifier-input.js";
import { readAntonyms, type WordnetPos } from "./wordnet-antonyms.js";

const { values } = parseArgs({ options: { out: { type: "string", default: "/tmp/verifier-data" }, squad: { type: "string", default: "tests/data/squad2" }, seed: { type: "string", default: "13" }, "swap-inside": { type: "string", default: "0.5" }, negate: { type: "string", default: "1" }, "swap-noun": { type: "string", default: "0" }, wordnet: { type: "string" }, dev: { type: "boolean", default: false } } });
/** Share of answerable questions that also give an in-paragraph swap (below); 0, with --negate 0, writes the data set of two verifiers ago. */
const swapInside = Number(values["swap-inside"]);
/** Share of answerable questions that also give a negated question (below); 0 writes the previous verifier's data set. */
const negate = Number(values.negate);
/** Share of answerable questions that also give a common-noun swap (below); 0 writes the shipped verifier's data set. */
const swapNoun = Number(values["swap-noun"]);
for (const [name, share] of [["swap-inside", swapInside], ["negate", negate], ["swap-noun", swapNoun]] as const) {
  if (!(share >= 0 && share <= 1)) throw new Error(`--${name} must be a share from 0 to 1, not ${values[name]}`);
}

/** A WordNet dictionary folder (scripts/wordnet-antonyms.ts): with it, antonym questions (below); without it, the shipped verifier's data set. */
const antonyms = values.wordnet ? await readAntonyms(values.wordnet) : undefined;

let seed = Number(values.seed);
/** mulberry32: a seeded generator so the data set is reproducible. */
function random(): number {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}

interface Candidate {
  text: string;
  passage: string;
  start: number;
  end: number;
}

const words = (text: string) => new Set(text.toLowerCase().match(/\p{L}{3,}|\p{N}+/gu) ?? []);
const overlap = (a: Set<string>, b: string) => [...words(b)].filter((word) => a.has(word)).length;

function candidatesOf(title: string, context: string): Candidate[] {
  const sentences = splitSentences([{ id: "p", docId: "d", section: "", sectionAnchor: "", ordinal: 1, kind: "paragraph", text: context, start: 0, end: context.length }]);
  return sentences.map((sentence, i) => {
    const text = context.slice(sentence.start, sentence.end);
    const before = sentences[i - 1];
    return { text, start: sentence.start, end: sentence.end, passage: verifierPassage(text, { title: title.replace(/_/g, " "), previous: before ? context.slice(before.start, before.end) : undefined }) };
  });
}

/** Names and numbers of a question that could be swapped for others of the same article. */
const SWAPPABLE = /\b(?:\d[\d,.]*|[A-Z][\p{L}'-]+(?:\s+[A-Z][\p{L}'-]+)*)\b/gu;

/** The question with one name or number swapped for another of `pool` that `allowed` accepts. */
function swapped(question: string, pool: string[], allowed: (item: string) => boolean): string | undefined {
  const targets = [...question.matchAll(SWAPPABLE)].filter((match) => match.index > 0);
  if (targets.length === 0) return undefined;
  const target = targets[Math.floor(random() * targets.length)]!;
  const numeric = /^\d/.test(target[0]);
  const options = pool.filter((item) => /^\d/.test(item) === numeric && item !== target[0] && !question.includes(item) && allowed(item));
  if (options.length === 0) return undefined;
  const replacement = options[Math.floor(random() * options.length)]!;
  return question.slice(0, target.index) + replacement + question.slice(target.index + target[0].length);
}

const negations = (text: string) => text.match(/\b(?:not|never|no)\b|n't\b/giu)?.length ?? 0;
const wordCount = (text: string) => text.split(/\s+/u).filter(Boolean).length;

/**
 * The question with its predicate negated ("Who wrote X?" → "Who did not write X?"), by
 * compromise's verb negation; undefined when the question is negated already or compromise
 * garbles it (it negates a split auxiliary as a verb of its own: "When did not do X occur?").
 */
function negated(question: string): string | undefined {
  if (negations(question) > 0) return undefined;
  const doc = nlp(question);
  doc.verbs().toNegative();
  const text = doc.text();
  const garbled = negations(text) !== 1 || wordCount(text) - wordCount(question) > 2 || /\b(?:do|does|did) not (?:do|does|did)\b/iu.test(text);
  return garbled ? undefined : text;
}

interface Term {
  text: string;
  normal: string;
  /** With `roots`: the word's root ("largest" → "large"). */
  root?: string;
  tags: string[];
}

/** compromise's terms of some text, with their tags (and roots when asked). */
function termsOf(text: string, { roots = false } = {}): Term[] {
  const doc = nlp(text);
  if (roots) doc.compute("root");
  return (doc.json() as { terms: Term[] }[]).flatMap((part) => part.terms);
}

/** compromise's tag for each part of speech WordNet files name. */
const POS_TAGS: [string, WordnetPos][] = [["Adjective", "a"], ["Verb", "v"], ["Adverb", "r"], ["Noun", "n"]];

type Forms = Partial<Record<string, string>> | undefined;

/** `antonym` (a WordNet lemma) in the form of the question's word: "small" for "largest" → "smallest". */
function inflect(antonym: string, tags: Set<string>, text: string, root: string): string | undefined {
  if (tags.has("Comparative")) return (nlp(antonym).adjectives().conjugate()[0] as Forms)?.Comparative;
  if (tags.has("Superlative")) return (nlp(antonym).adjectives().conjugate()[0] as Forms)?.Superlative;
  if (tags.has("Verb")) {
    const forms = nlp(antonym).verbs().conjugate()[0] as Forms;
    if (tags.has("Gerund")) return forms?.Gerund;
    if (tags.has("PastTense") || tags.has("Participle")) return forms?.PastTense;
    return text.toLowerCase() === root ? antonym : forms?.PresentTense;
  }
  if (tags.has("Plural")) return nlp(antonym).nouns().toPlural().text() || undefined;
  return antonym;
}

/**
 * The question with one word the answer sentence also says swapped for its WordNet antonym
 * ("Which is the largest…" → "Which is the smallest…"), unless the paragraph says the antonym:
 * SQuAD 2.0's antonym kind of unanswerable question. Function words are left alone.
 */
function antonymQuestion(question: string, sentence: string, paragraph: string): string | undefined {
  const sentenceWords = words(sentence);
  const paragraphWords = words(paragraph);
  const options: { text: string; form: string }[] = [];
  const terms = termsOf(question, { roots: true });
  for (const term of terms) {
    const tags = new Set(term.tags);
    const root = term.root ?? term.normal;
    const pos = POS_TAGS.find(([tag]) => tags.has(tag))?.[1];
    // Not a function word, and not a word of a name ("the Court of Justice").
    if (!pos || eng.includes(root) || eng.includes(term.normal) || (/^\p{Lu}/u.test(term.text) && !question.startsWith(term.text))) continue;
    if (!sentenceWords.has(term.normal) && !sentenceWords.has(root)) continue;
    for (const antonym of antonyms?.get(pos)?.get(root) ?? []) {
      const form = inflect(antonym, tags, term.text, root);
      // Not an affixed form of the word itself ("social" → "unsocial", "power" → "powerlessness"):
      // those mostly make questions nobody would ask rather than ones the sentence does not answer.
      const affixed = antonym.includes(root) || root.includes(antonym);
      if (form && !affixed && /^\p{L}+$/u.test(form) && !paragraphWords.has(form) && !paragraphWords.has(antonym)) options.push({ text: term.text, form });
    }
  }
  if (options.length === 0) return undefined;
  const { text, form } = options[Math.floor(random() * options.length)]!;
  const at = question.search(new RegExp(`\\b${escapeRegExp(text)}\\b`, "u"));
  if (at < 0) return undefined;
  const replacement = /^\p{Lu}/u.test(text) ? form[0]!.toUpperCase() + form.slice(1) : form;
  return question.slice(0, at) + replacement + question.slice(at + text.length);
}


/** A common noun that can stand for another: not a name, pronoun, number or function word. */
function commonNoun(term: Term): boolean {
  const tags = new Set(term.tags);
  return tags.has("Noun") && !tags.has("ProperNoun") && !tags.has("Pronoun") && !tags.has("Value") && /^\p{Ll}{3,}$/u.test(term.text) && !eng.includes(term.normal);
}

/** The common nouns of some text, singular and plural apart, so a swap keeps the question's grammar. */
function nounsOf(text: string): { singular: string[]; plural: string[] } {
  const singular = new Set<string>();
  const plural = new Set<string>();
  for (const term of termsOf(text)) if (commonNoun(term)) (term.tags.includes("Plural") ? plural : singular).add(term.normal);
  return { singular: [...singular], plural: [...plural] };
}

/**
 * The question with one common noun that the answer sentence also says swapped for a noun of
 * another article that the paragraph never says ("…protect an organism from disease?" → "…from
 * ledger?"): a question on the document's topic with one foreign word in place of one of its
 * own, which the sentence no longer answers.
 */
function nounSwapped(question: string, sentence: string, paragraph: string, pool: { singular: string[]; plural: string[] }): string | undefined {
  const sentenceWords = words(sentence);
  const paragraphWords = words(paragraph);
  const targets = termsOf(question).filter((term) => commonNoun(term) && sentenceWords.has(term.normal));
  if (targets.length === 0) return undefined;
  const target = targets[Math.floor(random() * targets.length)]!;
  const options = (target.tags.includes("Plural") ? pool.plural : pool.singular).filter((noun) => !paragraphWords.has(noun));
  if (options.length === 0) return undefined;
  const at = question.search(new RegExp(`\\b${escapeRegExp(target.text)}\\b`, "u"));
  if (at < 0) return undefined;
  return question.slice(0, at) + options[Math.floor(random() * options.length)]! + question.slice(at + target.text.length);
}

interface Pair {
  question: string;
  passage: string;
  label: number;
  kind: string;
}

function articlePairs(article: SquadArticle, foreignNouns: { singular: string[]; plural: string[] }): { pairs: Pair[]; records: object[] } {
  const pairs: Pair[] = [];
  const records: object[] = [];
  const paragraphs = article.paragraphs.map((paragraph, i) => ({ id: i, text: paragraph.context, candidates: candidatesOf(article.title, paragraph.context) }));
  const search = new MiniSearch<{ id: number; text: string }>({ fields: ["text"] });
  search.addAll(paragraphs.map(({ id, text }) => ({ id, text })));
  const pool = [...new Set(article.paragraphs.flatMap((paragraph) => [...paragraph.context.matchAll(SWAPPABLE)].map((match) => match[0])))];

  article.paragraphs.forEach((paragraph, p) => {
    const candidates = paragraphs[p]!.candidates;
    for (const qa of paragraph.qas) {
      const questionWords = words(qa.question);
      const spans = qa.is_impossible ? (qa.plausible_answers ?? []) : qa.answers;
      const holds = (candidate: Candidate) => spans.some((answer) => answer.answer_start >= candidate.start && answer.answer_start < candidate.end);
      const labelled = candidates.map((candidate) => ({ candidate, label: !qa.is_impossible && holds(candidate) ? 1 : 0, plausible: Boolean(qa.is_impossible) && holds(candidate) }));
      records.push({ question: qa.question, answerable: !qa.is_impossible, candidates: labelled.map(({ candidate, label }) => ({ passage: candidate.passage, label })) });

      // Every sentence that holds the answer, the plausible-answer sentence of an unanswerable
      // question, and the other sentences that share most words with the question (hard negatives).
      const chosen = labelled.filter((item) => item.label === 1 || item.plausible);
      const rest = labelled.filter((item) => !chosen.includes(item)).sort((a, b) => overlap(questionWords, b.candidate.text) - overlap(questionWords, a.candidate.text) || random() - 0.5);
      for (const item of [...chosen, ...rest.slice(0, 3)]) pairs.push({ question: qa.question, passage: item.candidate.passage, label: item.label, kind: qa.is_impossible ? "unanswerable" : item.label ? "positive" : "negative" });

      // The best sentence of the best other paragraph: on-topic, but not the answer.
      const neighbour = search.search(qa.question).find((hit) => hit.id !== p);
      if (neighbour) {
        const best = [...paragraphs[neighbour.id as number]!.candidates].sort((a, b) => overlap(questionWords, b.text) - overlap(questionWords, a.text))[0];
        if (best) pairs.push({ question: qa.question, passage: best.passage, label: 0, kind: "neighbour" });
      }

      // Synthetic unanswerable: the answer sentence, with a name or number of the question swapped
      // for another of the same article that the paragraph never mentions.
      const positive = labelled.find((item) => item.label === 1);
      if (positive && random() < 0.3) {
        const changed = swapped(qa.question, pool, (item) => !paragraph.context.includes(item));
        if (changed) pairs.push({ question: changed, passage: positive.candidate.passage, label: 0, kind: "swapped" });
      }
      // The same with a name or number the paragraph does mention, elsewhere than in the answer
      // sentence ("When did Kraków become the capital?" against the sentence about Warsaw): an
      // adversarial question of SQuAD 2.0's entity-swap kind, which no missing-word count catches.
      if (swapInside > 0 && positive && random() < swapInside) {
        // Not a capitalised function word ("The", "In"), which starts sentences rather than names anything.
        const inside = pool.filter((item) => paragraph.context.includes(item) && !eng.includes(item.toLowerCase()));
        const changed = swapped(qa.question, inside, (item) => !positive.candidate.text.includes(item));
        if (changed) pairs.push({ question: changed, passage: positive.candidate.passage, label: 0, kind: "swapped-inside" });
      }
      // The question negated, against the sentence that answers the question as asked: SQuAD 2.0's
      // negation kind of unanswerable question ("What is not caused by disorders of the immune
      // system?" against "Disorders of the immune system can result in …").
      if (negate > 0 && positive && random() < negate) {
        const changed = negated(qa.question);
        if (changed) pairs.push({ question: changed, passage: positive.candidate.passage, label: 0, kind: "negated" });
      }
      if (antonyms && positive) {
        const changed = antonymQuestion(qa.question, positive.candidate.text, paragraph.context);
        if (changed) pairs.push({ question: changed, passage: positive.candidate.passage, label: 0, kind: "antonym" });
      }
      if (swapNoun > 0 && positive && random() < swapNoun) {
        const changed = nounSwapped(qa.question, positive.candidate.text, paragraph.context, foreignNouns);
        if (changed) pairs.push({ question: changed, passage: positive.candidate.passage, label: 0, kind: "noun-swapped" });
      }
    }
  });
  return { pairs, records };
}

const articles = [...(await readSquad(path.join(values.squad, "train-v2.0-first10.json"))), ...(await readSquad(path.join(values.squad, "dev-v2.0-half-b.json")))];
const train: Pair[] = [];
const calibration: object[] = [];
// Each training article's common nouns, for the noun swaps of the others (only read with --swap-noun).
const trainArticles = articles.filter((article) => squadRole(article.title) === "train");
const nouns = new Map(swapNoun > 0 ? trainArticles.map((article) => [article.title, nounsOf(article.paragraphs.map((paragraph) => paragraph.context).join("\n"))] as const) : []);
const foreignTo = (title: string) => {
  const others = [...nouns].filter(([other]) => other !== title).map(([, found]) => found);
  return { singular: [...new Set(others.flatMap((found) => found.singular))], plural: [...new Set(others.flatMap((found) => found.plural))] };
};
for (const article of articles) {
  const role = squadRole(article.title);
  if (role === "dev") continue;
  const { pairs, records } = articlePairs(article, foreignTo(article.title));
  if (role === "train") train.push(...pairs);
  else calibration.push(...records);
}
// Shuffle so each batch mixes articles and kinds.
for (let i = train.length - 1; i > 0; i--) {
  const j = Math.floor(random() * (i + 1));
  [train[i], train[j]] = [train[j]!, train[i]!];
}
await mkdir(values.out, { recursive: true });
await writeFile(path.join(values.out, "train.jsonl"), train.map((pair) => JSON.stringify(pair)).join("\n") + "\n");
await writeFile(path.join(values.out, "calibration.jsonl"), calibration.map((record) => JSON.stringify(record)).join("\n") + "\n");
if (values.dev) {
  // After the shuffle, so the draws below leave train.jsonl as it is without --dev.
  const dev = articles.filter((article) => squadRole(article.title) === "dev").flatMap((article) => articlePairs(article, foreignTo(article.title)).records);
  await writeFile(path.join(values.out, "dev.jsonl"), dev.map((record) => JSON.stringify(record)).join("\n") + "\n");
}
const kinds = Object.entries(train.reduce<Record<string, number>>((counts, pair) => ({ ...counts, [pair.kind]: (counts[pair.kind] ?? 0) + 1 }), {}));
console.log(`train: ${train.length} pairs (${kinds.map(([kind, count]) => `${kind} ${count}`).join(", ")}); calibration: ${calibration.length} questions`);
