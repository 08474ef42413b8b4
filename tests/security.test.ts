import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApp } from "../src/app.js";
import { createAssistant, type Assistant } from "../src/assistant.js";
import type { LoadedIndex } from "../src/store/load-index.js";
import { buildFakeIndex } from "./support/fake-index.js";
import type { FakeEmbedder } from "./support/fake-embedder.js";

const HOSTILE = `= Hostile <script>alert(1)</script> document =

Infobox
- Name: <img src=x onerror=alert(2)>
- Date: 1 January 2020

A paragraph with <b>markup</b>, "quotes" & an ampersand, and </p><script>alert(3)</script>.

== Section "<svg onload=alert(4)>" ==
Another paragraph that mentions the river crossing at dawn.
`;

describe("security of the HTTP layer (fake embedder; no retrieval quality involved)", () => {
  let index: LoadedIndex;
  let embedder: FakeEmbedder;
  let cleanup: () => Promise<void>;
  let assistant: Assistant;

  beforeAll(async () => {
    ({ index, embedder, cleanup } = await buildFakeIndex({ "hostile.txt": HOSTILE }));
    assistant = createAssistant({ index, embedder });
  });

  afterAll(async () => {
    await cleanup();
  });

  it("sends a Content-Security-Policy without inline script or style, and the other secure headers", async () => {
    const response = await createApp({ assistant }).request("/");
    const policy = response.headers.get("Content-Security-Policy") ?? "";
    expect(policy).toContain("default-src 'self'");
    expect(policy).toContain("script-src 'self'");
    expect(policy).not.toContain("unsafe-inline");
    expect(policy).not.toContain("unsafe-eval");
    expect(response.headers.get("X-Content-Type-Options")).toBe("nosniff");
    expect(response.headers.get("X-Frame-Options")).toBe("SAMEORIGIN");
  });

  it("serves a chat page with no inline scripts, styles or event handlers, so the policy holds", async () => {
    const html = await (await createApp({ assistant }).request("/")).text();
    expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/i);
    expect(html).not.toMatch(/<style\b/i);
    expect(html).not.toMatch(/\son[a-z]+\s*=/i);
    expect(html).not.toMatch(/\sstyle\s*=/i);
    // Nothing is loaded from another origin (an SVG namespace inside a data: URI is not a load).
    expect(html).not.toMatch(/(src|href)\s*=\s*["']?(https?:)?\/\//i);
  });

  it("escapes document text, titles and headings in the HTML view", async () => {
    const html = await (await createApp({ assistant }).request("/sources/hostile", { headers: { Accept: "text/html" } })).text();
    expect(html).not.toContain("<script>alert");
    expect(html).not.toContain("<img src=x");
    expect(html).not.toContain("<svg onload");
    expect(html).toContain("&lt;script&gt;alert(1)&lt;/script&gt;");
    expect(html).toContain("&lt;b&gt;markup&lt;/b&gt;, &quot;quotes&quot; &amp; an ampersand");
  });

  it("sends no CORS headers unless origins are configured", async () => {
    const plain = await createApp({ assistant }).request("/health", { headers: { Origin: "https://elsewhere.example" } });
    expect(plain.headers.get("Access-Control-Allow-Origin")).toBeNull();
    const allowed = await createApp({ assistant, corsOrigins: ["https://tool.example"] }).request("/health", { headers: { Origin: "https://tool.example" } });
    expect(allowed.headers.get("Access-Control-Allow-Origin")).toBe("https://tool.example");
  });

  it("turns an unexpected failure into a 500 JSON error that leaks no stack or message", async () => {
    const failing: Assistant = { ...assistant, ask: async () => Promise.reject(new Error("secret detail at /home/user/file.ts:12")) };
    const logged: unknown[] = [];
    const response = await createApp({ assistant: failing, log: (_, error) => logged.push(error) }).request("/ask", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ question: "anything" }),
    });
    expect(response.status).toBe(500);
    const text = await response.text();
    expect(JSON.parse(text)).toEqual({ error: { code: "internal_error", message: "Internal server error" } });
    expect(text).not.toContain("secret");
    expect(logged).toHaveLength(1);
  });

  it("answers a request that takes too long with a 504 JSON error", async () => {
    const slow: Assistant = { ...assistant, ask: () => new Promise((resolve) => setTimeout(() => resolve({ answer: "late", citations: [], abstained: true }), 500)) };
    const response = await createApp({ assistant: slow, requestTimeoutMs: 100 }).request("/ask", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ question: "anything" }),
    });
    expect(response.status).toBe(504);
    expect(await response.json()).toMatchObject({ error: { code: "timeout" } });
  });

  it("serves only the page's own assets, whatever the asset path", async () => {
    const app = createApp({ assistant });
    for (const path of ["/ui/..%2f..%2fpackage.json", "/ui/chat.ts", "/ui/.env", "/ui/%2e%2e%2fapp.ts"]) {
      const response = await app.request(path);
      expect(response.status, path).toBe(404);
    }
    expect((await app.request("/ui/chat.js")).headers.get("Content-Type")).toMatch(/javascript/);
  });
});
