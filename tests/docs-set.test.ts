import { describe, expect, it } from "vitest";
import { parseDocument } from "../src/corpus/parse-document.js";
import { splitSentences } from "../src/corpus/sentences.js";
import { docsSetSchema, readDocsSet, resolveDocsSet } from "../src/eval/docs-set.js";
import { PassageStore } from "../src/store/passage-store.js";

const SOURCE = "# Install\n\nInstall with npm:\n\n```sh\nnpm i fastify\n```\n\nInstall with yarn:\n\n```sh\nyarn add fastify\n```\n";

function store(): PassageStore {
  const document = parseDocument({ docId: "guides/getting-started", fileName: "Getting-Started.md", source: SOURCE, format: "markdown" });
  return PassageStore.fromDocuments([document], [], splitSentences(document.paragraphs));
}

describe("the docs eval set", () => {
  it("resolves expectations to the passages of the document holding the snippet", () => {
    const set = docsSetSchema.parse({
      questions: [
        { id: "a", question: "How do I install it with yarn?", answerable: true, expected: [{ doc: "guides/getting-started", contains: "yarn add fastify" }] },
        { id: "b", question: "Unanswerable?", answerable: false, expected: [] },
      ],
    });
    const { questions, unresolved } = resolveDocsSet(store(), set);
    expect(unresolved).toEqual([]);
    const [answerable, unanswerable] = questions;
    expect(answerable?.expected).toHaveLength(1);
    expect(store().paragraphs.get(answerable?.expected[0] ?? "")?.text).toBe("yarn add fastify");
    expect(unanswerable?.expected).toEqual([]);
  });

  it("reports an expectation no passage satisfies instead of counting it as a miss", () => {
    const set = docsSetSchema.parse({ questions: [{ id: "x", question: "q", answerable: true, expected: [{ doc: "guides/getting-started", contains: "pnpm add fastify" }, { doc: "nowhere", contains: "npm" }] }] });
    expect(resolveDocsSet(store(), set).unresolved).toEqual(['x: no passage of "guides/getting-started" contains "pnpm add fastify"', 'x: no passage of "nowhere" contains "npm"']);
  });

  it("rejects an answerable question without an expected passage", () => {
    expect(docsSetSchema.safeParse({ questions: [{ id: "x", question: "q", answerable: true, expected: [] }] }).success).toBe(false);
  });

  it("is a set of at least 40 answerable and 10 unanswerable questions with unique ids, how-to and table questions among them", async () => {
    const set = await readDocsSet("tests/docs-eval.json");
    const answerable = set.questions.filter((question) => question.answerable);
    expect(answerable.length).toBeGreaterThanOrEqual(40);
    expect(set.questions.length - answerable.length).toBeGreaterThanOrEqual(10);
    expect(new Set(set.questions.map((question) => question.id)).size).toBe(set.questions.length);
    expect(answerable.filter((question) => question.tags.includes("how-to")).length).toBeGreaterThanOrEqual(10);
    expect(answerable.filter((question) => question.tags.includes("table")).length).toBeGreaterThanOrEqual(4);
  });
});
