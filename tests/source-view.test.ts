import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApp } from "../src/app.js";
import { createAssistant } from "../src/assistant.js";
import type { Paragraph } from "../src/corpus/types.js";
import { buildIndex } from "../src/store/build-index.js";
import { PassageStore, type StoredDocument } from "../src/store/passage-store.js";
import { renderSourcePage } from "../src/ui/render-source.js";
import { locateSentences, markRanges } from "../src/ui/mark-sentences.js";
import type { Element, ElementContent } from "hast";
import { toHtml } from "hast-util-to-html";
import { loadIndex, type LoadedIndex } from "../src/store/load-index.js";
import { FakeEmbedder } from "./support/fake-embedder.js";

/** A Markdown page with every feature the view renders, and the things it must never let through. */
const GUIDE = `---
title: Guide to Widgets
author: A. Writer
---

# Guide to Widgets

Widgets are **small** tools for *everyday* jobs. Read [the manual](https://example.com/manual) or [the sibling page](./other.md).

## Install

Install the widget via:

\`\`\`sh
npm install widget

npm run build
\`\`\`

The options are as follows:

- \`port\`: where it listens
- \`host\`: which address it binds

| Option | Default |
| --- | --- |
| port | 3000 |
| host | 127.0.0.1 |

## Danger

<script>document.title = "pwned"</script>

Click [this link](javascript:document.title='pwned') or <b onclick="document.title='pwned'">this</b> to win. Mail [us](mailto:team@example.com).

![A diagram of the widget](http://example.com/diagram.png)

<!-- internal: remember to update the changelog -->

> A quote worth keeping, spread
> over two lines.
`;

describe("the rendered source view (fake embedder; rendering only)", () => {
  let root: string;
  let corpusDir: string;
  let index: LoadedIndex;
  let app: ReturnType<typeof createApp>;
  const paragraphs = () => index.passages.paragraphsOf("guides/widgets");
  const byText = (snippet: string) => paragraphs().find((paragraph) => paragraph.text.includes(snippet)) as Paragraph;
  const page = async (url: string) => {
    const response = await app.request(url, { headers: { Accept: "text/html" } });
    expect(response.status).toBe(200);
    return response.text();
  };

  beforeAll(async () => {
    root = await mkdtemp(path.join(os.tmpdir(), "source-view-"));
    corpusDir = path.join(root, "corpus");
    await mkdir(path.join(corpusDir, "guides"), { recursive: true });
    await writeFile(path.join(corpusDir, "guides", "widgets.md"), GUIDE);
    await writeFile(path.join(corpusDir, "notes.txt"), "Plain notes.\n\nA second paragraph about <b>tags</b>.\n");
    const embedder = new FakeEmbedder();
    await buildIndex({ corpusDir, indexDir: path.join(root, "index"), embedder, model: { id: "fake", file: "onnx/model_quantized.onnx", sha256: "0".repeat(64) } });
    index = await loadIndex(path.join(root, "index"));
    app = createApp({ assistant: createAssistant({ index, embedder }), corpusDir });
  });

  afterAll(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it("renders Markdown: headings, emphasis, code with its line breaks, lists, tables, quotes", async () => {
    const html = await page("/sources/guides/widgets");
    expect(html).toContain("<h2>Install</h2>");
    expect(html).toContain("<strong>small</strong>");
    expect(html).toContain("<em>everyday</em>");
    expect(html).toMatch(/<pre[^>]*><code class="language-sh">npm install widget\n\nnpm run build\n<\/code><\/pre>/);
    expect(html).toMatch(/<li[^>]*><code>port<\/code>: where it listens<\/li>/);
    expect(html).toMatch(/<table[^>]*>[\s\S]*<th>Option<\/th>[\s\S]*<td>3000<\/td>/);
    expect(html).toMatch(/<blockquote[^>]*>/);
    // Front matter is metadata, and the H1 that repeats the title is not shown twice.
    expect(html).not.toContain("author: A. Writer");
    expect(html.match(/Guide to Widgets<\/h1>/g)).toHaveLength(1);
  });

  it("gives every passage an element whose id is the passage id, with its kind", async () => {
    const html = await page("/sources/guides/widgets");
    expect(paragraphs().length).toBeGreaterThan(5);
    for (const paragraph of paragraphs()) expect(html, paragraph.id).toContain(`id="${paragraph.id}"`);
    const code = byText("npm install widget");
    expect(html).toMatch(new RegExp(`<pre id="${code.id}" class="passage" data-passage="${code.id}" data-kind="code"`));
  });

  it("keeps only safe links and shows images as their alt text", async () => {
    const html = await page("/sources/guides/widgets");
    expect(html).toContain('href="https://example.com/manual"');
    expect(html).toContain('href="./other.md"');
    expect(html).toContain('href="mailto:team@example.com"');
    expect(html).toContain('<span class="unsafe-link">this link</span>');
    expect(html).toContain('<span class="image-alt">A diagram of the widget</span>');
    expect(html).not.toMatch(/javascript:/i);
    expect(html).not.toMatch(/<img\b/i);
  });

  it("never passes a document's HTML through: no script, no event handler, no comment", async () => {
    const html = await page("/sources/guides/widgets");
    const body = html.slice(html.indexOf("<article"));
    expect(body).not.toMatch(/<script(?![^>]*src="\/ui\/source\.js")/i);
    expect(body).not.toMatch(/\son[a-z]+\s*=/i);
    expect(body).not.toContain("pwned\"</script>");
    expect(body).not.toContain("remember to update the changelog");
    expect(body).not.toMatch(/<b\b/);
  });

  it("marks the supporting sentence of the cited passage, found in its rendered text", async () => {
    const paragraph = byText("Widgets are");
    const sentence = "Read the manual or the sibling page.";
    const start = paragraph.text.indexOf(sentence);
    expect(start).toBeGreaterThanOrEqual(0);
    const html = await page(`/sources/guides/widgets?hl=${encodeURIComponent(`${paragraph.id}:${start}-${start + sentence.length}`)}`);
    // The sentence holds two links: it is marked piece by piece around them.
    expect(html).toContain('<mark class="support">Read </mark><a href="https://example.com/manual"');
    expect(html).toContain('<mark class="support">the manual</mark>');
    expect(html).not.toContain('<mark class="support">Widgets');
  });

  it("falls back to the indexed passages when the file changed since indexing", async () => {
    await writeFile(path.join(corpusDir, "guides", "widgets.md"), GUIDE.replace("small", "tiny"));
    try {
      const html = await page("/sources/guides/widgets");
      expect(html).not.toContain("<strong>");
      for (const paragraph of paragraphs()) expect(html, paragraph.id).toContain(`id="${paragraph.id}"`);
      expect(html).toMatch(/<pre id="[^"]+" class="passage"[^>]*><code>npm install widget\n\nnpm run build<\/code><\/pre>/);
    } finally {
      await writeFile(path.join(corpusDir, "guides", "widgets.md"), GUIDE);
    }
  });

  it("shows plain text escaped, with offsets of highlights exact", async () => {
    const paragraph = index.passages.paragraphsOf("notes")[1] as Paragraph;
    const html = await page(`/sources/notes?hl=${paragraph.id}:0-8`);
    expect(html).toContain(`<p id="${paragraph.id}" class="passage" data-passage="${paragraph.id}" data-kind="paragraph" data-paragraph="2"><mark class="support">A second</mark> paragraph about &#x3C;b>tags&#x3C;/b>.</p>`);
  });

  it("links citations to documents in folders, and 404s unknown or malformed ids", async () => {
    const answerUrl = `/sources/guides/widgets#${byText("Widgets are").id}`;
    expect((await app.request(answerUrl.split("#")[0] as string)).status).toBe(200);
    // A client that encodes the whole id still reaches the document.
    expect((await app.request("/sources/guides%2Fwidgets")).status).toBe(200);
    for (const url of ["/sources/guides/nothing", "/sources/guides/", "/sources/..%2f..%2fetc%2fpasswd", "/sources/GUIDES/widgets"]) {
      expect((await app.request(url)).status, url).toBe(404);
    }
    const json = (await (await app.request("/sources/guides/widgets", { headers: { Accept: "application/json" } })).json()) as { id: string; format: string; paragraphs: unknown[] };
    expect(json).toMatchObject({ id: "guides/widgets", format: "markdown" });
    expect(json.paragraphs.length).toBe(paragraphs().length);
  });
});

describe("the source view of a paged document (a PDF's passages, constructed)", () => {
  // Page 1: "First page text." Page 2 starts inside the second passage; page 3 holds the third.
  const content = "First page text.\n\nA paragraph that crosses the page break here. It ends on page two.\n\nThird page only.";
  const pageStarts = [0, content.indexOf("break here"), content.indexOf("Third")];
  const paragraph = (ordinal: number, text: string, page: number, pageEnd?: number): Paragraph => {
    const start = content.indexOf(text);
    return { id: `report/intro/${ordinal}`, docId: "report", section: "Introduction", sectionAnchor: "intro", ordinal, kind: "paragraph", text, start, end: start + text.length, page, ...(pageEnd ? { pageEnd } : {}) };
  };
  const paragraphs = [paragraph(1, "First page text.", 1), paragraph(2, "A paragraph that crosses the page break here. It ends on page two.", 1, 2), paragraph(3, "Third page only.", 3)];
  const passages = new PassageStore({
    documents: [
      {
        id: "report",
        title: "Report",
        fileName: "report.pdf",
        relativePath: "report.pdf",
        format: "pdf",
        extracted: { mediaType: "text/plain", content, pageStarts },
        sections: [{ anchor: "intro", title: "Introduction", path: [], level: 1, paragraphIds: paragraphs.map((p) => p.id) }],
      },
    ],
    paragraphs,
    chunks: [],
    sentences: [],
  });

  it("puts a numbered separator before each page, inside a passage where a page begins in it", () => {
    const html = renderSourcePage(passages, passages.documents.get("report") as StoredDocument, { highlights: [{ paragraphId: "report/intro/2", start: 0, end: 45 }] });
    const separators = [...html.matchAll(/<(div|span) id="page-(\d)" class="page-separator" role="separator" aria-label="Page \2" data-page="\2"><\/\1>/g)].map((match) => `${match[1]}:${match[2]}`);
    expect(separators).toEqual(["div:1", "span:2", "div:3"]);
    // The highlight keeps its offsets across the separator inside the passage.
    expect(html).toContain('<mark class="support">A paragraph that crosses the page </mark><span id="page-2"');
    expect(html).toContain('data-page="2"></span><mark class="support">break here.</mark> It ends on page two.</p>');
    expect(html).toContain('<p data-page="1-2" id="report/intro/2" class="passage"');
  });
});

describe("locating a passage's sentences in its rendered elements", () => {
  const element = (children: ElementContent[], tagName = "p"): Element => ({ type: "element", tagName, properties: {}, children });
  const text = (value: string): ElementContent => ({ type: "text", value });

  it("uses the offsets as they are when the rendering is the passage text", () => {
    const paragraph = element([text("One. Two.")]);
    expect(locateSentences([paragraph], "One. Two.", [{ start: 5, end: 9 }])).toEqual([[5, 9]]);
  });

  it("finds a sentence whose rendering differs in markup and spacing, with its closing punctuation", () => {
    const paragraph = element([text("Use "), element([text("v5(20)")], "code"), text(" now.  Then   stop.")]);
    const passageText = "Use `v5(20)` now. Then stop.";
    const ranges = locateSentences([paragraph], passageText, [{ start: 0, end: 17 }]);
    expect(ranges).toEqual([[0, 15]]);
    markRanges([paragraph], ranges);
    expect(toHtml(paragraph)).toBe('<p><mark class="support">Use </mark><code><mark class="support">v5(20)</mark></code><mark class="support"> now.</mark>  Then   stop.</p>');
  });

  it("skips a sentence the rendering does not hold", () => {
    expect(locateSentences([element([text("Something else entirely.")])], "Not here. Gone.", [{ start: 0, end: 9 }])).toEqual([]);
  });
});
