import type { Browser } from "playwright-core";
import { afterAll, afterEach, beforeAll, expect } from "vitest";
import { launchBrowser, openChatPage, type ChatPage } from "./browser.js";

/**
 * One browser for the enclosing describe block and a fresh chat page per test. After each test its
 * page is closed, and it must have had no uncaught error and no Content-Security-Policy violation.
 */
export function useChatPages(): { open(baseUrl: string, options?: Parameters<typeof openChatPage>[2]): Promise<ChatPage> } {
  let browser: Browser | undefined;
  let current: ChatPage | undefined;
  beforeAll(async () => {
    browser = await launchBrowser();
  }, 60_000);
  afterEach(async () => {
    const problems = current?.problems ?? [];
    await current?.context.close();
    current = undefined;
    expect(problems).toEqual([]);
  });
  afterAll(async () => {
    await browser?.close();
  });
  return {
    async open(baseUrl, options) {
      if (!browser) throw new Error("the browser is not started yet");
      current = await openChatPage(browser, baseUrl, options);
      return current;
    },
  };
}
