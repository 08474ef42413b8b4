import { mkdirSync } from "node:fs";
import path from "node:path";
import type { Locator, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { openChatPage } from "./support/browser.js";
import { useChatPages } from "./support/chat-pages.js";
import { startServer, type ServerProcess } from "./support/server-process.js";

const OUTPUT_DIR = path.resolve(import.meta.dirname, "../test-output");
const ANSWER_TIMEOUT = 45_000;

/** Types the question and sends it with Enter, as a user would. */
async function ask(page: Page, question: string): Promise<void> {
  const input = page.getByTestId("question-input");
  await input.fill(question);
  await input.press("Enter");
}

/** The `count`-th assistant message, once it has finished streaming. */
async function answered(page: Page, count: number): Promise<Locator> {
  await page.waitForFunction(
    (n) => document.querySelectorAll('[data-testid="message-assistant"][aria-busy="false"]').length >= n,
    count,
    { timeout: ANSWER_TIMEOUT },
  );
  return page.getByTestId("message-assistant").nth(count - 1);
}

/**
 * Replaces `fetch("/api/chat")` in the page with a stream the test writes to (`window.__push`,
 * `window.__end`), so chunk timing and boundaries are under the test's control.
 */
function controllableChatStream(): void {
  const scope = window as unknown as Record<string, unknown>;
  const original = window.fetch.bind(window);
  const encoder = new TextEncoder();
  let controller: ReadableStreamDefaultController<Uint8Array> | undefined;
  const bodies: string[] = [];
  scope.__bodies = bodies;
  scope.__push = (text: string) => controller?.enqueue(encoder.encode(text));
  scope.__end = () => controller?.close();
  window.fetch = (input: RequestInfo | URL, init?: RequestInit) => {
    const url = typeof input === "string" ? input : input instanceof URL ? input.href : input.url;
    if (!url.endsWith("/api/chat")) return original(input, init);
    bodies.push(String(init?.body ?? ""));
    const stream = new ReadableStream<Uint8Array>({
      start: (streamController) => {
        controller = streamController;
      },
    });
    init?.signal?.addEventListener("abort", () => controller?.error(new DOMException("The user aborted a request.", "AbortError")));
    return Promise.resolve(new Response(stream, { headers: { "Content-Type": "text/event-stream" } }));
  };
}

const sse = (chunk: unknown) => `data: ${JSON.stringify(chunk)}\n\n`;
const push = (page: Page, text: string) => page.evaluate((value) => (window as unknown as { __push: (text: string) => void }).__push(value), text);

const NAMPALA_CITATION = {
  n: 1,
  id: "nampala-raid-2015/intro/1",
  docId: "nampala-raid-2015",
  title: "2015 Nampala raid",
  section: "Introduction",
  paragraph: 1,
  text: "On January 5, 2015, militants from Katiba Macina and Al-Qaeda in the Islamic Maghreb (AQIM) overran Malian defenses and briefly captured the city of Nampalari, Mali.",
  score: 0.8,
  url: "/sources/nampala-raid-2015#nampala-raid-2015/intro/1",
  highlights: [{ start: 0, end: 165 }],
};

describe("chat page in a real browser against the real server", () => {
  // A fresh page per test; none may have an uncaught error or a Content-Security-Policy violation.
  const pages = useChatPages();
  let server: ServerProcess;
  const open = (options?: Parameters<typeof openChatPage>[2]) => pages.open(server.baseUrl, options);

  beforeAll(async () => {
    mkdirSync(OUTPUT_DIR, { recursive: true });
    server = await startServer();
  }, 150_000);

  afterAll(() => {
    server?.child.kill("SIGKILL");
  });

  it("streams a cited answer whose chip opens the source panel on the highlighted, visible paragraph", async () => {
    const { page, context } = await open();
    await ask(page, "When did the Nampala raid happen?");
    const message = await answered(page, 1);

    expect(await message.textContent()).toContain("January 5, 2015");
    const chips = message.getByTestId("citation-chip");
    expect(await chips.count()).toBeGreaterThan(0);
    const chip = message.locator('[data-testid="citation-chip"][data-n="1"]').first();
    expect(await chip.getAttribute("aria-label")).toMatch(/^Source 1: /);

    // Hovering a chip shows the cited passage.
    await chip.hover();
    const popover = page.getByTestId("citation-popover");
    await popover.waitFor({ state: "visible", timeout: 5_000 });
    expect(await popover.textContent()).toMatch(/January 5, 2015/);

    await chip.click();
    const panel = page.getByTestId("source-panel");
    await panel.waitFor({ state: "visible", timeout: 5_000 });
    expect(await popover.isVisible()).toBe(false);
    const paragraphId = await panel.getAttribute("data-paragraph-id");
    expect(paragraphId).toMatch(/^nampala-raid-2015\//);

    // The shareable URL of this view: /sources/<doc>?hl=…#<paragraph id>.
    const href = await page.getByTestId("source-open-link").getAttribute("href");
    expect(href).toMatch(new RegExp(`^/sources/nampala-raid-2015\\?hl=.+#${paragraphId}$`));

    const frame = page.frameLocator('[data-testid="source-frame"]');
    const cited = frame.locator(`[id="${paragraphId}"]`);
    await cited.waitFor({ state: "visible", timeout: 10_000 });
    await expect
      .poll(() => cited.evaluate((element) => element.matches(":target") && element.classList.contains("is-cited")), { timeout: 5_000 })
      .toBe(true);
    // Scrolled into the frame's viewport.
    await expect
      .poll(
        () =>
          cited.evaluate((element) => {
            const rect = element.getBoundingClientRect();
            return rect.top >= 0 && rect.top < window.innerHeight && rect.bottom > 0;
          }),
        { timeout: 5_000 },
      )
      .toBe(true);
    const support = cited.locator("mark.support");
    expect(await support.count()).toBeGreaterThan(0);
    expect(await support.first().isVisible()).toBe(true);
    expect((await support.first().textContent())?.length).toBeGreaterThan(0);
    // The highlight colour comes from tokens.css (imported by source.css): one value for the whole app.
    expect(await support.first().evaluate((element) => getComputedStyle(element).getPropertyValue("--mark").trim())).toBe("#ffe58a");
    expect(await support.first().evaluate((element) => getComputedStyle(element).backgroundColor)).toBe("rgb(255, 229, 138)");
    expect(await chip.getAttribute("aria-expanded")).toBe("true");

    await page.screenshot({ path: path.join(OUTPUT_DIR, "chat-answered.png") });

    // The shared link opens the standalone document on the same highlighted paragraph.
    const standalone = await context.newPage();
    await standalone.goto(href ?? "/");
    const standaloneCited = standalone.locator(`[id="${paragraphId}"]`);
    await standaloneCited.locator("mark.support").first().waitFor({ state: "visible", timeout: 5_000 });
    expect(await standaloneCited.evaluate((element) => element.matches(":target.is-cited"))).toBe(true);

    // Escape closes the panel and gives focus back to the chip.
    await page.keyboard.press("Escape");
    await panel.waitFor({ state: "hidden", timeout: 5_000 });
    expect(await chip.evaluate((element) => element === document.activeElement)).toBe(true);
  });

  it("shows an unanswerable question as a muted abstention card without citation chips", async () => {
    const { page } = await open();
    await ask(page, "What is the best recipe for banana bread?");
    const message = await answered(page, 1);

    await message.getByTestId("abstention").waitFor({ state: "visible", timeout: 5_000 });
    expect(await message.getAttribute("class")).toContain("abstained");
    expect(await message.textContent()).toContain("The documents do not contain an answer to this question.");
    expect(await message.getByTestId("citation-chip").count()).toBe(0);
    expect(await message.getByTestId("source-list").count()).toBe(0);
    expect(await message.textContent()).toContain("None of the indexed documents holds this information");
  });

  it("says which name no document mentions when that is why it abstains", async () => {
    const { page } = await open();
    await ask(page, "How did the Wagadou forest battle affect Cassandra clusters?");
    const message = await answered(page, 1);
    await message.getByTestId("abstention").waitFor({ state: "visible", timeout: 5_000 });
    expect(await message.textContent()).toContain("No indexed document mentions “Cassandra”");
  });

  it("answers a follow-up question from the conversation it sends along", async () => {
    const { page } = await open();
    const bodies: unknown[] = [];
    page.on("request", (request) => {
      if (request.url().endsWith("/api/chat")) bodies.push(request.postDataJSON());
    });
    await ask(page, "What is JNIM?");
    await answered(page, 1);
    await ask(page, "When was it formed, and who led it?");
    const second = await answered(page, 2);

    expect(await second.textContent()).toContain("2017");
    expect(await second.getByTestId("citation-chip").count()).toBeGreaterThan(0);
    expect(await page.getByTestId("message-user").count()).toBe(2);
    // The whole conversation went to the server: user, assistant, user.
    const last = bodies.at(-1) as { messages: { role: string; parts: { type: string; text: string }[] }[] };
    expect(last.messages.map((message) => message.role)).toEqual(["user", "assistant", "user"]);
    expect(last.messages[0]?.parts[0]).toEqual({ type: "text", text: "What is JNIM?" });
    expect(last.messages[1]?.parts[0]?.text.length).toBeGreaterThan(0);
  });

  it("sends on Enter, inserts a newline on Shift+Enter and disables the input while the answer streams", async () => {
    const { page } = await open();
    let release: () => void = () => {};
    const held = new Promise<void>((resolve) => (release = resolve));
    await page.route("**/api/chat", async (route) => {
      await held;
      await route.continue();
    });
    const input = page.getByTestId("question-input");
    await input.click();
    await page.keyboard.type("When did the Nampala raid happen?");
    await page.keyboard.press("Shift+Enter");
    await page.keyboard.type("Please cite the source.");
    expect(await input.inputValue()).toBe("When did the Nampala raid happen?\nPlease cite the source.");
    expect(await page.getByTestId("message-user").count()).toBe(0);

    await page.keyboard.press("Enter");
    await page.getByTestId("message-user").waitFor({ timeout: 5_000 });
    expect(await page.getByTestId("message-user").textContent()).toBe("When did the Nampala raid happen?\nPlease cite the source.");
    expect(await input.isDisabled()).toBe(true);
    expect(await input.inputValue()).toBe("");
    expect(await page.getByTestId("stop-button").isVisible()).toBe(true);
    expect(await page.getByTestId("send-button").isVisible()).toBe(false);

    release();
    const message = await answered(page, 1);
    expect(await message.textContent()).toContain("January 5, 2015");
    expect(await input.isDisabled()).toBe(false);
    expect(await page.getByTestId("send-button").isVisible()).toBe(true);
    expect(await input.evaluate((element) => element === document.activeElement)).toBe(true);
  });

  it("renders an HTML question as text and never runs it", async () => {
    const { page } = await open();
    const question = '<img src=x onerror="window.__pwned=1">';
    await ask(page, question);
    await answered(page, 1);

    const user = page.getByTestId("message-user");
    expect(await user.textContent()).toBe(question);
    expect(await page.locator('[data-testid="message-list"] img').count()).toBe(0);
    expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
  });

  it("shows a server error response in the conversation and retries on request", async () => {
    const { page } = await open();
    await page.route("**/api/chat", (route) =>
      route.fulfill({ status: 500, contentType: "application/json", body: JSON.stringify({ error: { code: "internal", message: "The index is being rebuilt" } }) }),
    );
    await ask(page, "When did the Nampala raid happen?");
    const error = page.getByTestId("error");
    await error.waitFor({ state: "visible", timeout: 5_000 });
    expect(await error.getAttribute("role")).toBe("alert");
    expect(await error.textContent()).toContain("The index is being rebuilt");
    expect(await page.getByTestId("question-input").isDisabled()).toBe(false);

    await page.unroute("**/api/chat");
    await page.getByTestId("retry-button").click();
    const message = await answered(page, 1);
    expect(await message.textContent()).toContain("January 5, 2015");
    expect(await page.getByTestId("error").count()).toBe(0);
    expect(await page.getByTestId("message-user").count()).toBe(1);
  });

  it("shows network failures and error chunks in the stream as alerts", async () => {
    const { page } = await open();
    await page.route("**/api/chat", (route) => route.abort("connectionrefused"));
    await ask(page, "When did the Nampala raid happen?");
    await expect.poll(() => page.getByTestId("error").first().textContent(), { timeout: 5_000 }).toContain("Could not reach the server");

    await page.unroute("**/api/chat");
    await page.route("**/api/chat", (route) =>
      route.fulfill({
        status: 200,
        contentType: "text/event-stream",
        body: [
          sse({ type: "start" }),
          sse({ type: "text-start", id: "a" }),
          sse({ type: "text-delta", id: "a", delta: "A partial answer" }),
          sse({ type: "error", errorText: "The answer could not be completed. Please try again." }),
          "data: [DONE]\n\n",
        ].join(""),
      }),
    );
    await ask(page, "Another question");
    const second = await answered(page, 2);
    expect(await second.getByTestId("error").textContent()).toContain("The answer could not be completed.");
    expect(await second.textContent()).toContain("A partial answer");
  });

  it("appends deltas as they arrive and turns markers into chips only once the citations arrive", async () => {
    const { page } = await open({ initScript: controllableChatStream });
    await ask(page, "When did the Nampala raid happen?");
    const message = page.getByTestId("message-assistant");
    await message.getByTestId("thinking").waitFor({ timeout: 5_000 });

    await push(page, sse({ type: "start" }) + sse({ type: "start-step" }) + sse({ type: "text-start", id: "a" }));
    await push(page, sse({ type: "text-delta", id: "a", delta: "The raid happened on January 5, 2015 [1]" }) + 'data: {"type":"text-del');
    await expect.poll(() => message.textContent(), { timeout: 5_000 }).toContain("January 5, 2015");
    expect(await message.getByTestId("citation-marker").count()).toBe(1);
    expect(await message.getByTestId("citation-chip").count()).toBe(0);
    expect(await page.getByTestId("question-input").isDisabled()).toBe(true);

    // The rest of an event split across network chunks.
    await push(page, 'ta","id":"a","delta":". Militants captured the city [1]."}\n\n');
    await expect.poll(() => message.textContent(), { timeout: 5_000 }).toContain("captured the city");

    await push(
      page,
      sse({ type: "text-end", id: "a" }) +
        sse({ type: "source-url", sourceId: NAMPALA_CITATION.id, url: NAMPALA_CITATION.url, title: "[1] 2015 Nampala raid" }) +
        sse({ type: "data-citations", data: [NAMPALA_CITATION] }) +
        sse({ type: "data-answer", data: { mode: "llm", abstained: false, notice: "A notice for the reader.", removedMarkers: [7], uncitedSentences: ["An uncited sentence."] } }) +
        sse({ type: "finish-step" }) +
        sse({ type: "finish", finishReason: "stop" }) +
        "data: [DONE]\n\n",
    );
    await page.evaluate(() => (window as unknown as { __end: () => void }).__end());
    await answered(page, 1);
    expect(await message.getByTestId("citation-chip").count()).toBe(2);
    expect(await message.getByTestId("citation-marker").count()).toBe(0);
    expect(await message.getByTestId("answer-notice").textContent()).toBe("A notice for the reader.");
    expect(await message.getByTestId("removed-markers").textContent()).toContain("[7]");
    expect(await message.getByTestId("uncited-sentences").textContent()).toBe("1 sentence of the language model's answer cited no passage and was left out.");
    expect(await page.getByTestId("question-input").isDisabled()).toBe(false);
  });

  it("stops streaming on Stop and keeps the partial answer with a stopped note", async () => {
    const { page } = await open({ initScript: controllableChatStream });
    await ask(page, "When did the Nampala raid happen?");
    await push(page, sse({ type: "start" }) + sse({ type: "text-start", id: "a" }) + sse({ type: "text-delta", id: "a", delta: "The raid happened on [1]" }));
    const message = page.getByTestId("message-assistant");
    await expect.poll(() => message.textContent(), { timeout: 5_000 }).toContain("The raid happened on");

    await page.getByTestId("stop-button").click();
    await message.getByTestId("stopped-note").waitFor({ timeout: 5_000 });
    expect(await message.textContent()).toContain("The raid happened on");
    expect(await message.getByTestId("error").count()).toBe(0);
    expect(await page.getByTestId("question-input").isDisabled()).toBe(false);
    expect(await page.getByTestId("stop-button").isVisible()).toBe(false);
  });

  it("keeps conversations across a reload, lists past chats, renames and deletes them", async () => {
    const { page } = await open();
    await ask(page, "When did the Nampala raid happen?");
    await answered(page, 1);

    await page.reload();
    await page.waitForSelector("html.js-ready", { timeout: 10_000 });
    expect(await page.getByTestId("message-user").textContent()).toBe("When did the Nampala raid happen?");
    const restored = page.getByTestId("message-assistant");
    expect(await restored.count()).toBe(1);
    expect(await restored.textContent()).toContain("January 5, 2015");
    // The stored message keeps its citations: the chips still open the source.
    await restored.getByTestId("citation-chip").first().click();
    await page.getByTestId("source-panel").waitFor({ state: "visible", timeout: 5_000 });
    await page.getByTestId("source-close").click();

    await page.getByTestId("new-chat-button").click();
    expect(await page.getByTestId("empty-state").isVisible()).toBe(true);
    await ask(page, "What is JNIM?");
    await answered(page, 1);

    const titles = () => page.getByTestId("history-open").allTextContents();
    await page.getByTestId("history-toggle").click();
    await page.getByTestId("history-panel").waitFor({ state: "visible", timeout: 5_000 });
    expect(await titles()).toEqual(["What is JNIM?", "When did the Nampala raid happen?"]);
    expect(await page.getByTestId("history-open").first().getAttribute("aria-current")).toBe("true");

    // Opening a past chat shows it.
    await page.getByTestId("history-open").nth(1).click();
    expect(await page.getByTestId("history-panel").isVisible()).toBe(false);
    expect(await page.getByTestId("message-user").textContent()).toBe("When did the Nampala raid happen?");

    // Rename: Enter saves, and the new name survives a reload.
    await page.getByTestId("history-toggle").click();
    await page.locator('[data-testid="history-item"]', { hasText: "Nampala" }).getByTestId("history-rename").click();
    const field = page.getByTestId("history-rename-input");
    await field.fill("Date of the Nampala raid");
    await field.press("Enter");
    expect(await titles()).toContain("Date of the Nampala raid");
    await page.reload();
    await page.waitForSelector("html.js-ready", { timeout: 10_000 });
    await page.getByTestId("history-toggle").click();
    expect((await titles()).sort()).toEqual(["Date of the Nampala raid", "What is JNIM?"]);

    // Delete: the chat is gone from the list and from storage.
    await page.locator('[data-testid="history-item"]', { hasText: "JNIM" }).getByTestId("history-delete").click();
    expect(await titles()).toEqual(["Date of the Nampala raid"]);
    await page.reload();
    await page.waitForSelector("html.js-ready", { timeout: 10_000 });
    await page.getByTestId("history-toggle").click();
    expect(await titles()).toEqual(["Date of the Nampala raid"]);
  });

  it("copies the answer with its sources to the clipboard (clipboard permissions granted to headless Chromium)", async () => {
    const { page, context } = await open();
    await context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: server.baseUrl });
    await ask(page, "When did the Nampala raid happen?");
    const message = await answered(page, 1);
    const answer = await message.getByTestId("answer-body").textContent();

    await message.getByTestId("copy-button").click();
    await expect.poll(() => message.getByTestId("copy-button").textContent(), { timeout: 5_000 }).toBe("Copied");
    const copied = await page.evaluate(() => navigator.clipboard.readText());
    const [text, sources] = copied.split("\n\nSources:\n");
    // The answer as text, its [n] markers kept (a chip shows n), then one line per source with its shareable link.
    expect(text?.replace(/\[(\d+)\]/g, "$1").replace(/\s+/g, "")).toBe(answer?.replace(/\s+/g, ""));
    expect(text).toMatch(/January 5, 2015.*\[1\]/s);
    expect(sources?.split("\n")[0]).toMatch(new RegExp(`^\\[1\\] 2015 Nampala raid — .+ — ${server.baseUrl.replace(/[.]/g, "\\.")}/sources/nampala-raid-2015\\?hl=.+#nampala-raid-2015/`));
  });

  it("renders the code blocks, lists and tables of an answer, with chips inside them", async () => {
    const { page } = await open({ initScript: controllableChatStream, viewport: { width: 360, height: 740 } });
    await ask(page, "How is it installed?");
    const markdown = [
      "Install it with npm [1]:",
      "",
      "```sh",
      "npm install --save-exact some-package-with-a-rather-long-name-that-does-not-fit-on-a-phone-screen",
      "```",
      "",
      "- first step [1]",
      "- second step [1]",
      "",
      "| Option | Default |",
      "| --- | --- |",
      "| `port` | 3000 |",
      "[1]",
    ].join("\n");
    await push(
      page,
      sse({ type: "start" }) +
        sse({ type: "text-start", id: "a" }) +
        sse({ type: "text-delta", id: "a", delta: markdown }) +
        sse({ type: "text-end", id: "a" }) +
        sse({ type: "data-citations", data: [NAMPALA_CITATION] }) +
        sse({ type: "data-answer", data: { mode: "extractive", abstained: false } }) +
        sse({ type: "finish", finishReason: "stop" }) +
        "data: [DONE]\n\n",
    );
    await page.evaluate(() => (window as unknown as { __end: () => void }).__end());
    const message = await answered(page, 1);
    expect(await message.locator("pre code").textContent()).toBe("npm install --save-exact some-package-with-a-rather-long-name-that-does-not-fit-on-a-phone-screen");
    expect(await message.locator("ul li").allTextContents()).toEqual(["first step 1", "second step 1"]);
    expect(await message.locator("ul li").first().getByTestId("citation-chip").count()).toBe(1);
    expect(await message.locator("table th").allTextContents()).toEqual(["Option", "Default"]);
    expect(await message.locator("table td code").textContent()).toBe("port");
    expect(await message.getByTestId("answer-body").textContent()).not.toMatch(/```|\| ---/);
    // The long code line scrolls inside its block; the page itself never scrolls sideways.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBe(360);
    expect(await message.locator("pre").evaluate((element) => getComputedStyle(element).overflowX)).toBe("auto");
  });

  it("makes every button, chip and link of the chat at least 24 × 24 px on a phone", async () => {
    const { page } = await open({ viewport: { width: 360, height: 740 } });
    await ask(page, "When did the Nampala raid happen?");
    const message = await answered(page, 1);
    const small = () =>
      page.evaluate(() =>
        [...document.querySelectorAll("button, a, input, textarea, select, [role=button], [tabindex]:not([tabindex='-1'])")]
          .filter((element) => element.getClientRects().length > 0 && !element.closest("[hidden]"))
          .map((element) => ({ element, box: element.getBoundingClientRect() }))
          .filter(({ box }) => box.width < 24 || box.height < 24)
          .map(({ element, box }) => `${element.tagName.toLowerCase()}[data-testid=${element.getAttribute("data-testid")}] ${box.width.toFixed(1)}×${box.height.toFixed(1)}`),
      );
    expect(await message.getByTestId("citation-chip").count()).toBeGreaterThan(0);
    expect(await small()).toEqual([]);

    await page.getByTestId("history-toggle").click();
    await page.getByTestId("history-panel").waitFor({ state: "visible", timeout: 5_000 });
    expect(await page.getByTestId("history-rename").count()).toBe(1);
    expect(await small()).toEqual([]);
    await page.getByTestId("history-close").click();

    await message.getByTestId("citation-chip").first().click();
    await page.getByTestId("source-panel").waitFor({ state: "visible", timeout: 5_000 });
    expect(await small()).toEqual([]);
  });

  it("truncates nothing at 360 px: no ellipsis, no clamped lines, no text cut off sideways", async () => {
    const { page } = await open({ viewport: { width: 360, height: 740 } });
    await ask(page, "What happened in the Battle of the Wagadou Forest, and who fought in the Nampala raid?");
    const message = await answered(page, 1);
    expect(await message.getByTestId("source-item").count()).toBeGreaterThan(0);
    const cut = () =>
      page.evaluate(() => {
        const problems: string[] = [];
        for (const element of document.querySelectorAll<HTMLElement>("body *")) {
          // Screen-reader-only labels are clipped to 1 px on purpose.
          if (element.closest("[hidden], .visually-hidden") || element.getClientRects().length === 0 || element.tagName === "IFRAME") continue;
          const style = getComputedStyle(element);
          const name = `${element.tagName.toLowerCase()}.${element.className}`;
          const clipsX = ["hidden", "clip"].includes(style.overflowX);
          if (style.textOverflow === "ellipsis" && clipsX && element.scrollWidth > element.clientWidth) problems.push(`ellipsis: ${name}`);
          if (style.webkitLineClamp !== "none" && element.scrollHeight > element.clientHeight + 1) problems.push(`line clamp: ${name}`);
          if (clipsX && element.scrollWidth > element.clientWidth + 1) problems.push(`cut sideways: ${name}`);
        }
        for (const selector of [".topbar", ".brand-subtitle", ".messages", ".composer", ".history-panel"]) {
          const element = document.querySelector<HTMLElement>(selector);
          if (element && !element.closest("[hidden]") && element.scrollWidth > element.clientWidth) problems.push(`overflows: ${selector}`);
        }
        return problems;
      });
    expect(await cut()).toEqual([]);
    // The subtitle (the corpus status) is shown whole, on as many lines as it needs.
    expect(await page.getByTestId("corpus-status").textContent()).toMatch(/\d+ documents · \d+ paragraphs/);
    await page.getByTestId("history-toggle").click();
    await page.getByTestId("history-panel").waitFor({ state: "visible", timeout: 5_000 });
    expect(await cut()).toEqual([]);
  });

  it("says in the header when the language model is paused after repeated failures", async () => {
    const { page } = await open();
    const status = page.getByTestId("corpus-status");
    await expect.poll(() => status.textContent(), { timeout: 5_000 }).toMatch(/extractive answers$/);
    // The server's own /health with an LLM that is cooling down, as /health reports it.
    await page.route("**/health", async (route) => {
      const health = (await (await route.fetch()).json()) as Record<string, unknown>;
      await route.fulfill({ json: { ...health, answers: "llm", llm: { state: "cooling-down", consecutiveFailures: 3, retryAt: "2030-01-01T12:34:00.000Z", lastFailure: "connect ECONNREFUSED" } } });
    });
    await page.reload();
    await page.waitForSelector("html.js-ready", { timeout: 10_000 });
    await expect.poll(() => status.textContent(), { timeout: 5_000 }).toMatch(/the language model is paused after repeated failures \(until .+\); extractive answers meanwhile$/);
    expect(await status.getAttribute("data-llm")).toBe("cooling-down");
  });

  it("fits a 360 px phone screen and shows the source as a full-width overlay", async () => {
    const { page } = await open({ viewport: { width: 360, height: 740 } });
    await ask(page, "When did the Nampala raid happen?");
    const message = await answered(page, 1);

    const overflow = await page.evaluate(() => {
      const conversation = document.querySelector(".conversation") as HTMLElement;
      const wide = [...document.querySelectorAll("body *")]
        .filter((element) => !element.closest("[hidden]") && element.getClientRects().length > 0)
        .filter((element) => element.getBoundingClientRect().right > window.innerWidth + 0.5)
        .map((element) => element.tagName + "." + element.className);
      return { page: document.documentElement.scrollWidth, conversation: conversation.scrollWidth - conversation.clientWidth, wide };
    });
    expect(overflow).toEqual({ page: 360, conversation: 0, wide: [] });
    await page.screenshot({ path: path.join(OUTPUT_DIR, "chat-phone.png") });

    await message.getByTestId("citation-chip").first().click();
    const panel = page.getByTestId("source-panel");
    await panel.waitFor({ state: "visible", timeout: 5_000 });
    const box = await panel.boundingBox();
    expect(box).toMatchObject({ x: 0, y: 0, width: 360, height: 740 });
    await page.frameLocator('[data-testid="source-frame"]').locator(".passage.is-cited mark.support").first().waitFor({ state: "visible", timeout: 10_000 });
    await page.screenshot({ path: path.join(OUTPUT_DIR, "chat-phone-source.png") });
    await page.getByTestId("source-close").click();
    await panel.waitFor({ state: "hidden", timeout: 5_000 });
  });
});
