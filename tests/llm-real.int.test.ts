import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { wrapLanguageModel, type LanguageModel } from "ai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApp } from "../src/app.js";
import type { Runtime } from "../src/bootstrap.js";
import { answerSentences } from "../src/chat/answer-sentences.js";
import { createLlmModel } from "../src/chat/llm-model.js";
import { llmSettings } from "../src/chat/llm-settings.js";
import { GROUNDED_SYSTEM_PROMPT } from "../src/chat/prompt.js";
import { normalise } from "../src/chat/verify-citations.js";
import { parseConfig } from "../src/config.js";
import { readGoldenSet, type GoldenQuestion } from "../src/eval/golden-set.js";
import { startServerProcess, type ServerProcess } from "../src/server-process.js";
import { useRealRuntime } from "./support/real-runtime.js";
import { answerInfoOf, citationsOf, readChatResponse, textOf, userMessage } from "./support/ui-stream.js";

/**
 * The optional LLM path against two real small models, each behind a real OpenAI-compatible
 * server process (tests/support/llama-openai-server.ts: node-llama-cpp, CPU, one thread), with
 * the real index and embedder answering `/api/chat` of the real app. The models come from
 * `python3 scripts/fetch-llm-models.py`; without them this test fails, unless LLM_REAL_TESTS=off.
 */
const ROOT = path.resolve(import.meta.dirname, "..");
const MODELS_DIR = path.join(ROOT, "models/llm");
const OUTPUT_DIR = path.join(ROOT, "test-output");
const MODELS = {
  smol: "SmolLM2-135M-Instruct.Q4_1.gguf",
  // A base model: it continues its prompt, copying the fence, the passage labels and the rules back.
  gemma: "gemma-3-270m-q4_k_m.gguf",
};
/**
 * Each run: a model, as shipped (with the stop sequences) or with the stop sequences taken out by
 * a middleware, so the base model's copies reach the verification and it alone must reject them.
 */
const RUNS = [
  { name: "SmolLM2-135M-Instruct (Q4_1)", file: MODELS.smol, stopSequences: true },
  { name: "Gemma 3 270M base (Q4_K_M)", file: MODELS.gemma, stopSequences: true },
  { name: "Gemma 3 270M base (Q4_K_M), no stop sequences", file: MODELS.gemma, stopSequences: false },
];
/** Small budgets keep the run bounded on a two-core CI machine: short prompts, short answers. */
const CONTEXT_TOKENS = 768;
const MAX_TOKENS = 48;
const ANSWERABLE = 3;
const OFF_CORPUS = 5;
const disabled = process.env.LLM_REAL_TESTS === "off";

interface Outcome {
  run: string;
  question: string;
  answerable: boolean;
  kind: "llm-answer" | "llm-abstention" | "fallback" | "abstention";
  /** An off-corpus question the extractive answerer answered (its miss, measured by the eval): the model was asked. */
  extractiveMiss?: boolean;
  notice?: string;
  text: string;
  /** What the server logged for this request (a rejected answer is logged with the model's text). */
  log?: string[];
  ms: number;
}

/** Word 6-grams of the rules: an answer sharing one is quoting its instructions. */
function ruleShingles(): Set<string> {
  const words = normalise(GROUNDED_SYSTEM_PROMPT).split(" ");
  return new Set(words.slice(0, -5).map((_, index) => words.slice(index, index + 6).join(" ")));
}

/** Starts one model server per model file, on first use. */
function modelServers() {
  const started = new Map<string, Promise<ServerProcess>>();
  return {
    get(file: string): Promise<ServerProcess> {
      let server = started.get(file);
      if (!server) {
        server = startServerProcess({
          script: "tests/support/llama-openai-server.ts",
          args: ["--model", path.join(MODELS_DIR, file), "--context", String(CONTEXT_TOKENS)],
          ready: /Listening on (http:\/\/\S+)/,
          timeoutMs: 60_000,
        });
        started.set(file, server);
      }
      return server;
    },
    async stopAll(): Promise<void> {
      await Promise.all([...started.values()].map(async (server) => (await server.catch(() => undefined))?.stop()));
    },
  };
}

/** The model as main.ts builds it, optionally with the stop sequences removed from every call. */
function modelFor(config: NonNullable<ReturnType<typeof parseConfig>["llm"]>, stopSequences: boolean): LanguageModel {
  const model = createLlmModel(config);
  if (stopSequences) return model;
  if (typeof model === "string" || model.specificationVersion !== "v3") throw new Error("expected a v3 provider model");
  return wrapLanguageModel({ model, middleware: { specificationVersion: "v3", transformParams: async ({ params }) => ({ ...params, stopSequences: undefined }) } });
}

describe.skipIf(disabled)("the LLM path with real models behind an OpenAI-compatible server (LLM_REAL_TESTS=off skips)", () => {
  const loaded = useRealRuntime();
  const outcomes: Outcome[] = [];
  const servers = modelServers();
  let questions: GoldenQuestion[] = [];

  beforeAll(async () => {
    const missing = Object.values(MODELS).map((file) => path.join(MODELS_DIR, file)).filter((file) => !existsSync(file));
    if (missing.length) throw new Error(`Missing ${missing.join(", ")}: run \`python3 scripts/fetch-llm-models.py\` first (or set LLM_REAL_TESTS=off to skip this test).`);
    const golden = await readGoldenSet(path.join(ROOT, "tests/golden.json"));
    // Both model servers load while the test warms up; each is awaited where it is used.
    for (const file of new Set(Object.values(MODELS))) servers.get(file).catch(() => {});
    questions = [...golden.questions.filter((question) => question.answerable).slice(0, ANSWERABLE), ...golden.questions.filter((question) => !question.answerable).slice(0, OFF_CORPUS)];
  });

  afterAll(async () => {
    await servers.stopAll();
    if (outcomes.length === 0) return;
    mkdirSync(OUTPUT_DIR, { recursive: true });
    writeFileSync(path.join(OUTPUT_DIR, "llm-real.json"), `${JSON.stringify(outcomes, null, 2)}\n`);
    for (const run of RUNS) {
      const mine = outcomes.filter((outcome) => outcome.run === run.name);
      const asked = mine.filter((outcome) => outcome.answerable || outcome.extractiveMiss);
      const count = (kind: Outcome["kind"]) => asked.filter((outcome) => outcome.kind === kind).length;
      const meanMs = asked.reduce((sum, outcome) => sum + outcome.ms, 0) / Math.max(1, asked.length);
      const offCorpus = mine.filter((outcome) => !outcome.answerable);
      console.log(
        `${run.name}: ${asked.length} questions reached the model → ${count("llm-answer")} verified LLM answers, ${count("llm-abstention")} LLM abstentions, ${count("fallback")} extractive fallbacks ` +
          `(mean ${Math.round(meanMs)} ms per request); ${offCorpus.length} off-corpus questions → ${offCorpus.filter((outcome) => outcome.kind === "abstention").length} abstained before the model`,
      );
      for (const outcome of asked) console.log(`  ${outcome.kind} on "${outcome.question}" (${outcome.ms} ms): ${outcome.notice ?? JSON.stringify(outcome.text)}`);
    }
  });

  for (const run of RUNS) {
    it(`${run.name}: each answer is a verified LLM answer, the extractive fallback or an abstention, and nothing else reaches the reader`, async () => {
      const runtime: Runtime = loaded.current;
      const server = await servers.get(run.file);
      // Read from the same environment variables a user sets, and built as main.ts builds it.
      const config = parseConfig({
        LLM_BASE_URL: `${server.baseUrl}/v1`,
        LLM_MODEL: run.file,
        LLM_MAX_TOKENS: String(MAX_TOKENS),
        LLM_CONTEXT_TOKENS: String(CONTEXT_TOKENS),
        // Generous on a loaded CI machine: a timeout would test the fallback, not the verification.
        LLM_FIRST_TOKEN_TIMEOUT_MS: "30000",
        LLM_TIMEOUT_MS: "60000",
        LLM_FAILURES_BEFORE_COOLDOWN: "100",
      });
      if (!config.llm) throw new Error("LLM settings were not read");
      const logged: string[] = [];
      const app = createApp({ assistant: runtime.assistant, llm: llmSettings(modelFor(config.llm, run.stopSequences), config.llm), log: (message) => logged.push(message) });
      const rules = ruleShingles();

      for (const question of questions) {
        const extractive = await runtime.assistant.ask(question.question);
        const logStart = logged.length;
        const started = performance.now();
        const response = await app.request("/api/chat", { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ id: "real", messages: [userMessage("u1", question.question)] }) });
        expect(response.status).toBe(200);
        const { message, chunks, snapshots } = await readChatResponse(response);
        const ms = Math.round(performance.now() - started);
        const text = textOf(message);
        const info = answerInfoOf(message);
        const citations = citationsOf(message);
        if (!info) throw new Error(`no data-answer part for "${question.question}"`);

        // One text part, and every state the reader rendered on the way is a prefix of the final
        // answer: no unverified text was ever on screen, not even for a moment.
        expect(chunks.filter((chunk) => chunk.type === "text-start")).toHaveLength(1);
        for (const snapshot of snapshots) expect(text.startsWith(snapshot), `a rendered state is not part of the final answer: ${JSON.stringify(snapshot)}`).toBe(true);

        let kind: Outcome["kind"];
        if (extractive.abstained) {
          // Questions the documents do not answer never reach the model: an abstention, no citation.
          expect(info, question.question).toMatchObject({ mode: "extractive", abstained: true });
          expect(citations).toEqual([]);
          kind = "abstention";
        } else if (info.mode === "extractive") {
          // The fallback is the extractive answer itself, with a notice saying why.
          expect(text).toBe(extractive.answer);
          expect(info.notice).toMatch(/extracted from the documents instead/);
          kind = "fallback";
        } else if (info.abstained) {
          expect(citations).toEqual([]);
          kind = "llm-abstention";
        } else {
          // A verified LLM answer: every sentence cites a passage it was given, and none copies a
          // passage label, the rules or the passage fence.
          const cited = new Set(citations.map((citation) => citation.n));
          expect(citations.length).toBeGreaterThan(0);
          for (const sentence of answerSentences(text)) {
            const markers = [...sentence.matchAll(/\[(\d+)\]/g)].map((match) => Number(match[1]));
            expect(markers.length, `uncited sentence: ${sentence}`).toBeGreaterThan(0);
            for (const n of markers) expect(cited.has(n), `[${n}] in ${sentence}`).toBe(true);
            const words = normalise(sentence).split(" ");
            for (let index = 0; index + 6 <= words.length; index++) expect(rules.has(words.slice(index, index + 6).join(" ")), `copies the rules: ${sentence}`).toBe(false);
            for (const citation of citations) expect(` ${normalise(sentence)} `).not.toContain(` ${normalise(`${citation.title} ${citation.section}`)} `);
          }
          expect(text).not.toMatch(/<\/?passages>|^Question:/m);
          kind = "llm-answer";
        }
        outcomes.push({ run: run.name, question: question.question, answerable: question.answerable, kind, ...(!question.answerable && !extractive.abstained ? { extractiveMiss: true } : {}), ...(info.notice ? { notice: info.notice } : {}), text, ...(logged.length > logStart ? { log: logged.slice(logStart) } : {}), ms });
      }

      // The model really ran: at least one answer was written and judged (accepted, an abstention or
      // rejected by the verification), not only failures, so the checks above saw real output.
      const judged = (outcome: Outcome) => outcome.kind === "llm-answer" || outcome.kind === "llm-abstention" || /was not shown because/.test(outcome.notice ?? "");
      expect(outcomes.filter((outcome) => outcome.run === run.name && judged(outcome)).length, logged.join("\n")).toBeGreaterThan(0);
      // About 20-90 s per run on two cores (the most under load from other jobs); the limit only catches a hang.
    }, 240_000);
  }
});
