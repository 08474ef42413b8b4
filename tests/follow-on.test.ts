import { describe, expect, it } from "vitest";
import { composeExtractive } from "../src/answer/compose.js";
import { answerPieces, formatBlock, introducedBlock, isAnswerSentence, MAX_BLOCK_CHARS } from "../src/answer/follow-on.js";
import { parseDocument } from "../src/corpus/parse-document.js";
import { splitSentences } from "../src/corpus/sentences.js";
import type { Paragraph } from "../src/corpus/types.js";
import { PassageStore } from "../src/store/passage-store.js";

const GUIDE = `# Widgets

## Install

The widget ships on npm. Install it via:

\`\`\`sh
npm install widget
npm run build
\`\`\`

Then start it.

## Versions

The supported Node.js versions are as follows:

- 18.x
- 20.x

Note: the list above is complete. It changes rarely.

## Options

Each option has a default:

| Option | Default |
| --- | --- |
| port | 3000 |
| host | 127.0.0.1 |

## Elsewhere

This sentence ends a section:

## Next section

- an unrelated list
`;

function store(source: string): PassageStore {
  const document = parseDocument({ docId: "widgets", fileName: "widgets.md", source, format: "markdown" });
  return PassageStore.fromDocuments([document], [], splitSentences(document.paragraphs));
}

const passages = store(GUIDE);
const passage = (snippet: string) => [...passages.paragraphs.values()].find((paragraph) => paragraph.text.includes(snippet)) as Paragraph;
/** The chosen sentence `sentence` of the passage holding it, as the answerer hands it to compose. */
const chosen = (sentence: string) => {
  const paragraph = passage(sentence);
  const start = paragraph.text.indexOf(sentence);
  return { paragraphId: paragraph.id, start, end: start + sentence.length, score: 0.7 };
};

describe("isAnswerSentence", () => {
  it.each(["Install it via npm:", "Strength: 300", "5.0.0 | 2024-09-17 | TBD | 20, 22, 24, 26 | v5(20)", "See [the guide](./guide.md) first.", "Casualties: 1,000–2,000", "The server listens on port 3000."])("takes %j as prose", (text) => {
    expect(isAnswerSentence(text)).toBe(true);
  });

  it.each([
    "```",
    "```js",
    "[![npm version](https://img.shields.io/npm/v/fastify.svg)](https://www.npmjs.com/package/fastify)",
    '<Badge type="info" text="optional"/>',
    "| --- | :---: |",
    "https://example.com/some/path",
    "---",
    "{ } ( ) => [] ;",
  ])("takes %j as markup", (text) => {
    expect(isAnswerSentence(text)).toBe(false);
  });
});

describe("introducedBlock", () => {
  it("finds the code block, list or table right after a last sentence ending in a colon", () => {
    expect(introducedBlock(passages, chosen("Install it via:").paragraphId, chosen("Install it via:").end)?.kind).toBe("code");
    expect(introducedBlock(passages, chosen("as follows:").paragraphId, chosen("The supported Node.js versions are as follows:").end)?.kind).toBe("list");
    expect(introducedBlock(passages, chosen("has a default:").paragraphId, chosen("Each option has a default:").end)?.kind).toBe("table");
  });

  it("finds nothing when the colon is not at the end, the sentence is not last, the next passage is prose or in another section", () => {
    const note = chosen("Note: the list above is complete.");
    expect(introducedBlock(passages, note.paragraphId, note.end)).toBeUndefined();
    const first = chosen("The widget ships on npm.");
    expect(introducedBlock(passages, first.paragraphId, first.end)).toBeUndefined();
    const lastInSection = chosen("This sentence ends a section:");
    expect(introducedBlock(passages, lastInSection.paragraphId, lastInSection.end)).toBeUndefined();
  });
});

describe("answers that bring what a sentence introduces", () => {
  it("shows the introduced code block as a fence, cited and highlighted whole", () => {
    const answer = composeExtractive(passages, [chosen("Install it via:")]);
    expect(answer.answer).toBe("Install it via [1]:\n```\nnpm install widget\nnpm run build\n```\n[2]");
    const code = passage("npm install widget");
    expect(answer.citations[1]).toMatchObject({ n: 2, id: code.id, highlights: [{ start: 0, end: code.text.length }] });
  });

  it("shows an introduced list as its items, the marker after the last one", () => {
    const answer = composeExtractive(passages, [chosen("The supported Node.js versions are as follows:"), chosen("Then start it.")]);
    expect(answer.answer).toBe("The supported Node.js versions are as follows [1]:\n- 18.x\n- 20.x [2]\n\nThen start it [3].");
    expect(answer.citations.map((citation) => citation.n)).toEqual([1, 2, 3]);
  });

  it("shows an introduced table as a Markdown table", () => {
    const answer = composeExtractive(passages, [chosen("Each option has a default:")]);
    expect(answer.answer).toBe("Each option has a default [1]:\n| Option | Default |\n| --- | --- |\n| port | 3000 |\n| host | 127.0.0.1 |\n[2]");
  });

  it("shows a chosen table row under the table's header, highlighting the row", () => {
    const table = passage("127.0.0.1");
    const start = table.text.indexOf("host | 127.0.0.1");
    const answer = composeExtractive(passages, [{ paragraphId: table.id, start, end: start + "host | 127.0.0.1".length, score: 0.6 }]);
    expect(answer.answer).toBe("| Option | Default |\n| --- | --- |\n| host | 127.0.0.1 |\n[1]");
    expect(answer.citations[0]?.highlights).toEqual([{ start, end: start + "host | 127.0.0.1".length }]);
  });

  it("shows a chosen line of code as its whole block, once", () => {
    const code = passage("npm install widget");
    const line = { paragraphId: code.id, start: 0, end: "npm install widget".length, score: 0.6 };
    const pieces = answerPieces(passages, [chosen("Install it via:"), line]);
    expect(pieces.map((piece) => piece.paragraphId)).toEqual([chosen("Install it via:").paragraphId, code.id]);
    expect(composeExtractive(passages, [line]).answer).toBe("```\nnpm install widget\nnpm run build\n```\n[1]");
  });

  it("leaves sentences that introduce nothing as they were", () => {
    expect(composeExtractive(passages, [chosen("Note: the list above is complete."), chosen("This sentence ends a section:")]).answer).toBe(
      "Note: the list above is complete [1]. This sentence ends a section: [2].",
    );
  });

  it("cuts a long block at a line break and keeps a fence longer than any backtick run inside", () => {
    const lines = Array.from({ length: 200 }, (_, n) => `console.log(\`line ${n}\`) // \`\`\` inside`).join("\n");
    const block = { ...passage("npm install widget"), text: lines };
    const formatted = formatBlock(block, 4);
    expect(formatted.startsWith("````\n")).toBe(true);
    expect(formatted.endsWith("\n…\n````\n[4]")).toBe(true);
    expect(formatted.length).toBeLessThan(MAX_BLOCK_CHARS + 30);
  });
});
