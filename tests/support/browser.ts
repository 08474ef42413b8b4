import { existsSync } from "node:fs";
import { chromium, type Browser, type BrowserContext, type Page } from "playwright-core";

/** Debian's Chromium (CI installs it in .ci/run); playwright-core never downloads a browser. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

/** The policy the page must work under; tests apply it to every HTML document the page loads. */
export const CONTENT_SECURITY_POLICY =
  "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; frame-src 'self'; frame-ancestors 'self'; base-uri 'none'; form-action 'self'";

export async function launchBrowser(): Promise<Browser> {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(`Chromium not found at ${CHROMIUM_PATH}: run \`apt-get update && apt-get install -y chromium\` (or set CHROMIUM_PATH).`);
  }
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run", "--disable-sync", "--disable-quic"],
  });
}

export interface ChatPage {
  context: BrowserContext;
  page: Page;
  /** Uncaught page errors and Content-Security-Policy violations seen so far (main page and frames). */
  problems: string[];
}

/**
 * A fresh context and page with the strict CSP added to the chat page and source documents, and
 * every CSP violation or uncaught error recorded. Requests to other origins are refused, as offline.
 */
export async function openChatPage(
  browser: Browser,
  baseUrl: string,
  { viewport = { width: 1280, height: 800 }, initScript }: { viewport?: { width: number; height: number }; initScript?: () => void } = {},
): Promise<ChatPage> {
  const context = await browser.newContext({ viewport, baseURL: baseUrl });
  const page = await context.newPage();
  if (initScript) await page.addInitScript(initScript);
  const problems: string[] = [];
  page.on("pageerror", (error) => problems.push(`pageerror: ${error.message}`));
  page.on("console", (message) => {
    if (message.type() === "error" && /Content Security Policy/i.test(message.text())) problems.push(`csp: ${message.text()}`);
  });
  await context.route(
    (url) => url.origin !== new URL(baseUrl).origin,
    (route) => route.abort("blockedbyclient"),
  );
  await context.route(
    (url) => url.origin === new URL(baseUrl).origin && (url.pathname === "/" || url.pathname.startsWith("/sources/")),
    async (route) => {
      const response = await route.fetch();
      await route.fulfill({ response, headers: { ...response.headers(), "content-security-policy": CONTENT_SECURITY_POLICY } });
    },
  );
  await page.goto("/");
  await page.waitForSelector("html.js-ready", { timeout: 10_000 });
  return { context, page, problems };
}
