import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { serve, type ServerType } from "@hono/node-server";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApp } from "../src/app.js";
import { createAssistant } from "../src/assistant.js";
import type { Paragraph } from "../src/corpus/types.js";
import { buildIndex } from "../src/store/build-index.js";
import { loadIndex, type LoadedIndex } from "../src/store/load-index.js";
import { launchBrowser, openChatPage } from "./support/browser.js";
import { FakeEmbedder } from "./support/fake-embedder.js";

/** A long Markdown page: the cited passage is far below the fold, and hostile markup sits above it. */
const filler = Array.from({ length: 40 }, (_, n) => `Filler paragraph number ${n + 1} about nothing in particular, long enough to take a line or two of the page.`).join("\n\n");
const DOCUMENT = `# Deployment guide

<script>window.__pwned = "script"; document.title = "pwned";</script>

Do not click [this link](javascript:window.__pwned='link') or <img src=x onerror="window.__pwned='img'"> anything.

${filler}

## Running behind a proxy

Set the trusted proxy option when a load balancer sits in front. The server then reads the client address from \`X-Forwarded-For\` instead of the socket.

\`\`\`js
const app = fastify({
  trustProxy: true
})
\`\`\`

${filler}
`;

describe("the source view in a real browser (fake embedder; Chromium)", () => {
  let root: string;
  let index: LoadedIndex;
  let server: ServerType;
  let baseUrl: string;
  let browser: Browser;

  beforeAll(async () => {
    root = await mkdtemp(path.join(os.tmpdir(), "source-view-e2e-"));
    const corpusDir = path.join(root, "corpus");
    await mkdir(path.join(corpusDir, "guides"), { recursive: true });
    await writeFile(path.join(corpusDir, "guides", "deploy.md"), DOCUMENT);
    const embedder = new FakeEmbedder();
    await buildIndex({ corpusDir, indexDir: path.join(root, "index"), embedder, model: { id: "fake", file: "onnx/model_quantized.onnx", sha256: "0".repeat(64) } });
    index = await loadIndex(path.join(root, "index"));
    const app = createApp({ assistant: createAssistant({ index, embedder }), corpusDir });
    server = await new Promise<ServerType>((resolve) => {
      const started = serve({ fetch: app.fetch, port: 0, hostname: "127.0.0.1" }, () => resolve(started));
    });
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await new Promise((resolve) => server?.close(resolve));
    await rm(root, { recursive: true, force: true });
  });

  it("highlights the cited passage, marks its supporting sentence and scrolls it into view", async () => {
    const { context, page, problems } = await openChatPage(browser, baseUrl);
    try {
      const cited = index.passages.paragraphsOf("guides/deploy").find((paragraph) => paragraph.text.includes("trusted proxy")) as Paragraph;
      const sentence = "The server then reads the client address from X-Forwarded-For instead of the socket.";
      const start = cited.text.indexOf(sentence);
      expect(start).toBeGreaterThan(0);
      await page.goto(`/sources/guides/deploy?hl=${encodeURIComponent(`${cited.id}:${start}-${start + sentence.length}`)}#${cited.id}`);
      await page.waitForSelector("html.js-ready");
      const state = await page.evaluate((id) => {
        const element = document.getElementById(id) as HTMLElement;
        const rect = element.getBoundingClientRect();
        return {
          cited: element.classList.contains("is-cited"),
          others: document.querySelectorAll(".passage.is-cited").length,
          inView: rect.top >= 0 && rect.bottom <= window.innerHeight,
          scrolled: window.scrollY,
          marked: [...element.querySelectorAll("mark.support")].map((mark) => mark.textContent).join(""),
        };
      }, cited.id);
      expect(state).toMatchObject({ cited: true, others: 1, inView: true });
      expect(state.scrolled).toBeGreaterThan(500);
      expect(state.marked).toBe("The server then reads the client address from X-Forwarded-For instead of the socket.");
      // The code block keeps its line breaks.
      const code = await page.locator("pre code.language-js").innerText();
      expect(code).toBe("const app = fastify({\n  trustProxy: true\n})\n");
      expect(problems).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it("never runs a document's script, event handler or javascript: link", async () => {
    const { context, page, problems } = await openChatPage(browser, baseUrl);
    try {
      await page.goto("/sources/guides/deploy");
      await page.waitForSelector("html.js-ready");
      expect(await page.locator("script:not([src])").count()).toBe(0);
      expect(await page.locator('a[href^="javascript:" i], [onerror], [onclick], img').count()).toBe(0);
      const link = page.getByText("this link", { exact: true });
      expect(await link.evaluate((element) => element.tagName)).toBe("SPAN");
      await link.click();
      expect(await page.evaluate(() => (window as unknown as { __pwned?: string }).__pwned)).toBeUndefined();
      expect(await page.title()).toBe("Deployment guide");
      expect(new URL(page.url()).pathname).toBe("/sources/guides/deploy");
      expect(problems).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
