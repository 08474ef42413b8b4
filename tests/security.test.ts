import type { AddressInfo } from "node:net";
import net from "node:net";
import type { Server } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApp } from "../src/app.js";
import { createAssistant, type Assistant } from "../src/assistant.js";
import type { LoadedIndex } from "../src/store/load-index.js";
import { startHttpServer } from "../src/http-server.js";
import { QueueFullError } from "../src/inference/admission-queue.js";
import { createLogger } from "../src/logger.js";
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
    // Escaped, in whichever entity form the HTML serializer picks (&lt; or &#x3C;).
    expect(html).not.toContain("<b>markup");
    expect(html).toMatch(/(&lt;|&#x3C;)b(&gt;|>)markup(&lt;|&#x3C;)\/b(&gt;|>), ("|&quot;)quotes("|&quot;) (&amp;|&#x26;) an ampersand/);
  });

  it("sends no CORS headers unless origins are configured", async () => {
    const plain = await createApp({ assistant }).request("/health", { headers: { Origin: "https://elsewhere.example" } });
    expect(plain.headers.get("Access-Control-Allow-Origin")).toBeNull();
    const allowed = await createApp({ assistant, corsOrigins: ["https://tool.example"] }).request("/health", { headers: { Origin: "https://tool.example" } });
    expect(allowed.headers.get("Access-Control-Allow-Origin")).toBe("https://tool.example");
  });

  it("turns an unexpected failure into a 500 JSON error that leaks no stack or message", async () => {
    const failing: Assistant = { ...assistant, ask: async () => Promise.reject(new Error("secret detail at /home/user/file.ts:12")) };
    const logged: Record<string, unknown>[] = [];
    const logger = createLogger({ destination: { write: (line: string) => void logged.push(JSON.parse(line)) } });
    const response = await createApp({ assistant: failing, logger }).request("/ask", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ question: "anything" }),
    });
    expect(response.status).toBe(500);
    const text = await response.text();
    expect(JSON.parse(text)).toEqual({ error: { code: "internal_error", message: "Internal server error" } });
    expect(text).not.toContain("secret");
    // One structured line, with the cause for the operator (never for the client).
    expect(logged).toHaveLength(1);
    expect(logged[0]).toMatchObject({ method: "POST", path: "/ask", status: 500, cause: { message: "secret detail at /home/user/file.ts:12" } });
    expect(logged[0]?.requestId).toBe(response.headers.get("X-Request-Id"));
    expect(typeof logged[0]?.durationMs).toBe("number");
  });

  it("answers a request that takes too long with a 504 JSON error", async () => {
    const slow: Assistant = { ...assistant, ask: () => new Promise((resolve) => setTimeout(() => resolve({ answer: "late", citations: [], abstained: true, confidence: 0 }), 500)) };
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

/** A logger whose lines the test can read. */
function capturingLogger() {
  const lines: Record<string, unknown>[] = [];
  return { lines, logger: createLogger({ destination: { write: (line: string) => void lines.push(JSON.parse(line)) } }) };
}

/** Sends raw bytes on a fresh connection and resolves with everything the server wrote before closing. */
function rawRequest(port: number, text: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, "127.0.0.1", () => socket.write(text));
    let received = "";
    socket.on("data", (chunk) => (received += String(chunk)));
    socket.on("end", () => resolve(received));
    socket.on("error", reject);
  });
}

describe("safe hosting defaults (fake embedder)", () => {
  let index: LoadedIndex;
  let embedder: FakeEmbedder;
  let cleanup: () => Promise<void>;
  let assistant: Assistant;

  beforeAll(async () => {
    ({ index, embedder, cleanup } = await buildFakeIndex({ "notes.txt": "= Notes =\n\nThe river crossing happened at dawn.\n" }));
    assistant = createAssistant({ index, embedder });
  });

  afterAll(async () => {
    await cleanup();
  });

  it("refuses a foreign Host with a JSON 421, so a DNS-rebinding page reads nothing", async () => {
    const app = createApp({ assistant });
    for (const url of ["http://evil.example/health", "http://evil.example:3000/sources/notes", "http://127.0.0.1.evil.example/health", "http://localhost.evil.example/health"]) {
      const response = await app.request(url, { headers: { Accept: "application/json" } });
      expect(response.status, url).toBe(421);
      expect(await response.json(), url).toMatchObject({ error: { code: "misdirected_request" } });
    }
    const ask = await app.request("http://evil.example/ask", { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ question: "river?" }) });
    expect(ask.status).toBe(421);
  });

  it("serves the loopback names on any port, the listening address, and the names in ALLOWED_HOSTS", async () => {
    const app = createApp({ assistant, hosts: { listenHost: "192.168.1.20", extra: ["Docs.Example.org."] } });
    for (const url of ["http://localhost/health", "http://localhost:3000/health", "http://127.0.0.1:8080/health", "http://[::1]:3000/health", "http://chat.localhost/health", "http://192.168.1.20/health", "http://docs.example.org/health"]) {
      expect((await app.request(url)).status, url).toBe(200);
    }
    // Listening on every interface names no host: only loopback and ALLOWED_HOSTS are served.
    const wildcard = createApp({ assistant, hosts: { listenHost: "0.0.0.0" } });
    expect((await wildcard.request("http://0.0.0.0/health")).status).toBe(421);
    expect((await createApp({ assistant, hosts: { extra: ["*"] } }).request("http://anything.example/health")).status).toBe(200);
  });

  it("names the allowed method in Allow on a 405", async () => {
    const response = await createApp({ assistant }).request("/ask", { method: "GET" });
    expect(response.status).toBe(405);
    expect(response.headers.get("Allow")).toBe("POST");
    expect(await response.json()).toMatchObject({ error: { code: "method_not_allowed" } });
  });

  it("logs every 4xx as one structured line with its request id, and successes not at all", async () => {
    const { lines, logger } = capturingLogger();
    const app = createApp({ assistant, logger });
    await app.request("/health");
    const missing = await app.request("/no-such-route", { headers: { "X-Request-Id": "trace-42" } });
    expect(missing.headers.get("X-Request-Id")).toBe("trace-42");
    const foreign = await app.request("http://evil.example/health", { headers: { "X-Request-Id": "bad id with spaces" } });
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatchObject({ requestId: "trace-42", method: "GET", path: "/no-such-route", status: 404 });
    expect(lines[1]).toMatchObject({ method: "GET", path: "/health", status: 421 });
    // A malformed client id is replaced, never echoed.
    expect(lines[1]?.requestId).toBe(foreign.headers.get("X-Request-Id"));
    expect(lines[1]?.requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(lines.every((line) => typeof line.durationMs === "number" && line.cause === undefined)).toBe(true);
  });

  it("answers 503 with Retry-After when the inference queue is full, and keeps serving /health", async () => {
    const app = createApp({ assistant, inference: { full: true } });
    const refused = await app.request("/ask", { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ question: "river?" }) });
    expect(refused.status).toBe(503);
    expect(refused.headers.get("Retry-After")).toMatch(/^\d+$/);
    expect(await refused.json()).toMatchObject({ error: { code: "overloaded" } });
    expect((await app.request("/health")).status).toBe(200);
    const open = createApp({ assistant, inference: { full: false } });
    expect((await open.request("/ask", { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ question: "river?" }) })).status).toBe(200);
  });

  it("answers 503 with Retry-After when a question's inference is refused midway", async () => {
    const busy: Assistant = { ...assistant, ask: () => Promise.reject(new QueueFullError("full")) };
    const response = await createApp({ assistant: busy }).request("/ask", { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ question: "river?" }) });
    expect(response.status).toBe(503);
    expect(response.headers.get("Retry-After")).toMatch(/^\d+$/);
  });

  describe("on a real Node server", () => {
    let server: Server;
    let port: number;
    const { lines, logger } = capturingLogger();

    beforeAll(async () => {
      const app = createApp({ assistant, logger });
      const options = { port: 0, host: "127.0.0.1", maxConnections: 5, headersTimeoutMs: 500, requestTimeoutMs: 1_000, keepAliveTimeoutMs: 1_000, logger };
      server = await new Promise<Server>((resolve) => {
        const started = startHttpServer(app.fetch, options, () => resolve(started));
      });
      port = (server.address() as AddressInfo).port;
    });

    afterAll(async () => {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    });

    it("sets the timeouts and the connection cap", () => {
      expect({ headersTimeout: server.headersTimeout, requestTimeout: server.requestTimeout, keepAliveTimeout: server.keepAliveTimeout, maxConnections: server.maxConnections }).toEqual({
        headersTimeout: 500,
        requestTimeout: 1_000,
        keepAliveTimeout: 1_000,
        maxConnections: 5,
      });
    });

    it("answers a Host that does not parse with the JSON error shape and logs it", async () => {
      const response = await rawRequest(port, "GET /health HTTP/1.1\r\nHost: exa mple\r\nConnection: close\r\n\r\n");
      expect(response).toMatch(/^HTTP\/1\.1 400/);
      expect(response.slice(response.indexOf("\r\n\r\n") + 4)).toMatch(/"error":\{"code":"bad_request"/);
      expect(lines.some((line) => line.status === 400)).toBe(true);
    });

    it("refuses a foreign Host over HTTP and serves a loopback one", async () => {
      const foreign = await rawRequest(port, "GET /health HTTP/1.1\r\nHost: evil.example\r\nConnection: close\r\n\r\n");
      expect(foreign).toMatch(/^HTTP\/1\.1 421/);
      const local = await fetch(`http://127.0.0.1:${port}/health`);
      expect(local.status).toBe(200);
    });

    it("closes a connection that never finishes its headers", async () => {
      const began = performance.now();
      // The bound is the point: the 500 ms header timeout, checked every second, ends it within seconds, not the 79 s seen before.
      const answer = await rawRequest(port, "GET /health HTTP/1.1\r\nHost: localhost\r\n");
      expect(performance.now() - began).toBeLessThan(5_000);
      expect(answer === "" || /^HTTP\/1\.1 408/.test(answer)).toBe(true);
    });
  });
});
