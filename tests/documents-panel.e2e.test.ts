import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { useChatPages } from "./support/chat-pages.js";
import { startServer, type ServerProcess } from "./support/server-process.js";

/**
 * The documents panel in a real browser against the real server (real model, real indexing) on a
 * corpus of its own in a temporary folder: the list with statuses and skip reasons, uploads by the
 * file picker and by drag and drop, the 415 of an unsupported type, delete with confirmation,
 * read-only and token-protected servers, and a 360 px wide screen.
 */
const OUTPUT_DIR = path.resolve(import.meta.dirname, "../test-output");
const INDEXED_TIMEOUT = 60_000;
const ANSWER_TIMEOUT = 45_000;

const CORPUS: Record<string, string> = {
  "lake-varna.md": "# Lake Varna\n\nLake Varna is a freshwater lake in the northern valley. The lake reaches a depth of 84 metres at its deepest point.\n",
  "mount-kessel.md": "# Mount Kessel\n\nMount Kessel rises 2,310 metres above sea level. Its first recorded ascent was in 1864.\n",
  "empty.md": "",
  "notes.xyz": "not a document format",
};

async function makeCorpus(files: Record<string, string>): Promise<{ root: string; env: Record<string, string> }> {
  const root = await fs.mkdtemp(path.join(os.tmpdir(), "documents-panel-e2e-"));
  await fs.mkdir(path.join(root, "corpus"));
  for (const [name, text] of Object.entries(files)) await fs.writeFile(path.join(root, "corpus", name), text);
  // The heuristic answerer: these tests are about the panel, and it spares loading the verifier.
  return { root, env: { CORPUS_DIR: path.join(root, "corpus"), INDEX_DIR: path.join(root, "index"), ANSWER_MODE: "heuristic" } };
}

const item = (page: Page, relativePath: string) => page.locator(`[data-testid="document-item"][data-path="${relativePath}"]`);

async function openPanel(page: Page): Promise<void> {
  await page.getByTestId("documents-toggle").click();
  await page.getByTestId("documents-panel").waitFor({ state: "visible" });
  await page.getByTestId("document-item").first().waitFor({ timeout: 10_000 });
}

/** Drops files on the drop zone as a browser does: a DataTransfer built in the page, dragover then drop. */
async function dropFiles(page: Page, files: { name: string; text: string }[]): Promise<void> {
  await page.getByTestId("documents-drop").evaluate((zone, dropped) => {
    const transfer = new DataTransfer();
    for (const file of dropped) transfer.items.add(new File([file.text], file.name, { type: "text/plain" }));
    zone.dispatchEvent(new DragEvent("dragover", { dataTransfer: transfer, bubbles: true, cancelable: true }));
    zone.dispatchEvent(new DragEvent("drop", { dataTransfer: transfer, bubbles: true, cancelable: true }));
  }, files);
}

describe("documents panel against a real server", () => {
  let corpus: Awaited<ReturnType<typeof makeCorpus>>;
  let server: ServerProcess;
  const pages = useChatPages();
  const open = (options?: Parameters<typeof pages.open>[1]) => pages.open(server.baseUrl, options);

  beforeAll(async () => {
    await fs.mkdir(OUTPUT_DIR, { recursive: true });
    corpus = await makeCorpus(CORPUS);
    server = await startServer(corpus.env);
  }, 150_000);

  afterAll(async () => {
    server?.child.kill("SIGKILL");
    await fs.rm(corpus.root, { recursive: true, force: true });
  });

  it("lists every file with its status, the skip reasons, and counts that match the list", async () => {
    const { page } = await open();
    await openPanel(page);
    expect(await page.getByTestId("documents-toggle").getAttribute("aria-expanded")).toBe("true");
    await item(page, "mount-kessel.md").and(page.locator('[data-status="indexed"]')).waitFor();
    expect(await item(page, "lake-varna.md").getAttribute("data-status")).toBe("indexed");
    expect(await item(page, "lake-varna.md").textContent()).toMatch(/markdown · .* · \d+ passages?/);
    expect(await item(page, "empty.md").getAttribute("data-status")).toBe("skipped");
    expect(await item(page, "empty.md").getByTestId("document-reason").textContent()).toMatch(/^empty/);
    expect(await item(page, "notes.xyz").getByTestId("document-reason").textContent()).toMatch(/^unsupported/);
    expect(await item(page, "notes.xyz").textContent()).toContain(`${Buffer.byteLength(CORPUS["notes.xyz"] as string)} B`);
    await page.screenshot({ path: path.join(OUTPUT_DIR, "documents-panel.png") });
    const indexed = await page.locator('[data-testid="document-item"][data-status="indexed"]').count();
    const skipped = await page.locator('[data-testid="document-item"][data-status="skipped"]').count();
    expect(await page.getByTestId("documents-counts").textContent()).toMatch(new RegExp(`^${indexed} documents? indexed`));
    expect(await page.getByTestId("documents-counts").textContent()).toContain(`${skipped} skipped`);
    await page.keyboard.press("Escape");
    await page.getByTestId("documents-panel").waitFor({ state: "hidden" });
  });

  it("uploads through the file picker; the document becomes indexed and answers questions", async () => {
    const { page } = await open();
    await openPanel(page);
    // Long enough that indexing it takes a moment, so the progress shows (the server is indexing as soon as the upload returns).
    const districts = Array.from({ length: 24 }, (_, n) => `District ${n + 1} of Port Belmar has ${n + 3} warehouses and a market held on day ${n + 2} of each month.`);
    const text = `# Port Belmar\n\nThe harbour of Port Belmar was dredged in 1931 to admit ocean liners. The Port Belmar lighthouse stands 41 metres tall.\n\n${districts.join("\n\n")}\n`;
    await page.evaluate(() => {
      const seen: string[] = [];
      (window as unknown as { __progress: string[] }).__progress = seen;
      const progress = document.getElementById("documents-progress") as HTMLElement;
      new MutationObserver(() => progress.hidden || seen.push(progress.textContent ?? "")).observe(progress, { attributes: true, subtree: true, childList: true, characterData: true });
    });
    await page.getByTestId("documents-file").setInputFiles({ name: "port-belmar.md", mimeType: "text/markdown", buffer: Buffer.from(text) });
    expect(await page.getByTestId("documents-ok").first().textContent()).toContain("Added port-belmar.md");
    await item(page, "port-belmar.md").and(page.locator('[data-status="indexed"]')).waitFor({ timeout: INDEXED_TIMEOUT });
    const progress = await page.evaluate(() => (window as unknown as { __progress: string[] }).__progress);
    expect(progress.some((line) => /^Indexing/.test(line.trim())), progress.join(" | ")).toBe(true);
    await page.getByTestId("documents-progress").waitFor({ state: "hidden" });
    expect(await fs.readFile(path.join(corpus.env.CORPUS_DIR as string, "port-belmar.md"), "utf8")).toBe(text);

    await page.getByTestId("documents-close").click();
    const input = page.getByTestId("question-input");
    await input.fill("How tall is the Port Belmar lighthouse?");
    await input.press("Enter");
    const answer = page.locator('[data-testid="message-assistant"][aria-busy="false"]').first();
    await answer.waitFor({ timeout: ANSWER_TIMEOUT });
    expect(await answer.textContent()).toContain("41 metres");
  });

  it("uploads files dropped on the panel", async () => {
    const { page } = await open();
    await openPanel(page);
    await dropFiles(page, [{ name: "greywater-bridge.md", text: "# Greywater Bridge\n\nGreywater Bridge spans the Tolen river with seven stone arches.\n" }]);
    expect(await page.getByTestId("documents-ok").first().textContent()).toContain("Added greywater-bridge.md");
    await item(page, "greywater-bridge.md").and(page.locator('[data-status="indexed"]')).waitFor({ timeout: INDEXED_TIMEOUT });
  });

  it("shows the server's 415 message for an unsupported type and writes nothing", async () => {
    const { page } = await open();
    await openPanel(page);
    await dropFiles(page, [{ name: "setup.exe", text: "MZ" }]);
    const error = page.getByTestId("documents-error");
    await error.waitFor();
    expect(await error.textContent()).toMatch(/^setup\.exe: "setup\.exe" is not a supported type/);
    expect(await fs.readdir(corpus.env.CORPUS_DIR as string)).not.toContain("setup.exe");
  });

  it("deletes a document only after confirmation", async () => {
    const form = new FormData();
    form.append("file", new File(["# Old Mill\n\nThe old mill ground grain until 1952.\n"], "old-mill.md"));
    expect((await fetch(`${server.baseUrl}/documents`, { method: "POST", body: form })).status).toBe(201);
    const { page } = await open();
    await openPanel(page);
    const row = item(page, "old-mill.md");
    await row.waitFor();

    await row.getByTestId("document-delete").click();
    await row.getByTestId("document-delete-question").waitFor();
    await page.screenshot({ path: path.join(OUTPUT_DIR, "documents-delete-confirm.png") });
    await row.getByTestId("document-delete-cancel").click();
    await row.getByTestId("document-delete").waitFor();
    expect(await fs.readdir(corpus.env.CORPUS_DIR as string)).toContain("old-mill.md");

    await row.getByTestId("document-delete").click();
    await row.getByTestId("document-delete-confirm").click();
    expect(await page.getByTestId("documents-ok").first().textContent()).toContain("Deleted old-mill.md");
    expect(await fs.readdir(corpus.env.CORPUS_DIR as string)).not.toContain("old-mill.md");
    await row.waitFor({ state: "detached", timeout: INDEXED_TIMEOUT });
  });

  it("fits a 360 px wide screen: nothing truncated or scrolling sideways, touch targets at least 24 × 24 px", async () => {
    const { page } = await open({ viewport: { width: 360, height: 740 } });
    // A long name must wrap, not be cut.
    await fs.writeFile(path.join(corpus.env.CORPUS_DIR as string, "a-rather-long-file-name-that-would-never-fit-on-one-line-of-a-phone.md"), "");
    await page.screenshot({ path: path.join(OUTPUT_DIR, "documents-header-phone.png") });
    await openPanel(page);
    await item(page, "a-rather-long-file-name-that-would-never-fit-on-one-line-of-a-phone.md").waitFor({ timeout: 10_000 });
    const layout = await page.evaluate(() => {
      const panel = document.getElementById("documents-panel") as HTMLElement;
      const cut = [...panel.querySelectorAll<HTMLElement>("p, span, button, h2")].filter((element) => element.scrollWidth > element.clientWidth + 1).map((element) => element.textContent);
      const small = [...document.querySelectorAll<HTMLElement>("#documents-panel button, #documents-toggle")]
        .filter((element) => element.offsetParent !== null)
        .map((element) => element.getBoundingClientRect())
        .filter((box) => box.width < 24 || box.height < 24);
      const overflow = (element: Element | null) => (element ? element.scrollWidth - element.clientWidth : -1);
      // The title keeps one line, i.e. the header buttons never squeeze it into a narrow column.
      const title = document.querySelector(".brand-title") as HTMLElement;
      const titleLines = Math.round(title.getBoundingClientRect().height / parseFloat(getComputedStyle(title).lineHeight));
      return { pageWidth: document.documentElement.scrollWidth, panelRight: panel.getBoundingClientRect().right, header: overflow(document.querySelector(".topbar")), titleLines, body: overflow(panel.querySelector(".documents-body")), cut, small: small.length };
    });
    await page.screenshot({ path: path.join(OUTPUT_DIR, "documents-panel-phone.png") });
    expect(layout).toEqual({ pageWidth: 360, panelRight: 360, header: 0, titleLines: 1, body: 0, cut: [], small: 0 });
  });
});

describe("documents panel on servers that limit writes", () => {
  const TOKEN = "a-test-token-of-24-chars";
  let servers: { readOnly: ServerProcess; token: ServerProcess };
  let roots: string[] = [];
  const pages = useChatPages();

  beforeAll(async () => {
    const [readOnly, token] = await Promise.all([makeCorpus({ "lake-varna.md": CORPUS["lake-varna.md"] as string }), makeCorpus({ "lake-varna.md": CORPUS["lake-varna.md"] as string })]);
    roots = [readOnly.root, token.root];
    const [readOnlyServer, tokenServer] = await Promise.all([startServer({ ...readOnly.env, READ_ONLY: "true", WATCH: "false" }), startServer({ ...token.env, API_TOKEN: TOKEN, WATCH: "false" })]);
    servers = { readOnly: readOnlyServer, token: tokenServer };
  }, 150_000);

  afterAll(async () => {
    servers?.readOnly.child.kill("SIGKILL");
    servers?.token.child.kill("SIGKILL");
    for (const root of roots) await fs.rm(root, { recursive: true, force: true });
  });

  it("hides upload and delete on a read-only server and says why", async () => {
    const { page } = await pages.open(servers.readOnly.baseUrl);
    await openPanel(page);
    await page.getByTestId("documents-read-only").waitFor();
    expect(await page.getByTestId("documents-drop").isVisible()).toBe(false);
    expect(await page.getByTestId("document-delete").count()).toBe(0);
  });

  it("says a 401 needs the API token, and uploads once the token is given", async () => {
    const { page } = await pages.open(servers.token.baseUrl);
    await openPanel(page);
    await page.getByTestId("documents-token").waitFor();
    const file = { name: "quarry.md", mimeType: "text/markdown", buffer: Buffer.from("# Quarry\n\nThe quarry closed in 1977.\n") };
    await page.getByTestId("documents-file").setInputFiles(file);
    expect(await page.getByTestId("documents-error").textContent()).toMatch(/needs its API token .*\(401\)/);
    await page.getByTestId("documents-token-input").fill(TOKEN);
    await page.getByTestId("documents-token-input").press("Enter");
    await page.getByTestId("documents-file").setInputFiles(file);
    expect(await page.getByTestId("documents-ok").last().textContent()).toContain("Added quarry.md");
  });
});
