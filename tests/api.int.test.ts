import { beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { createApp } from "../src/app.js";
import type { Runtime } from "../src/bootstrap.js";
import { useRealRuntime } from "./support/real-runtime.js";

const citationSchema = z.object({
  n: z.number().int().positive(),
  id: z.string(),
  docId: z.string(),
  title: z.string(),
  section: z.string(),
  paragraph: z.number().int().positive(),
  text: z.string().min(1),
  score: z.number().min(0).max(1),
  url: z.string(),
});
const askResponseSchema = z.object({ answer: z.string().min(1), citations: z.array(citationSchema), abstained: z.boolean() });
const errorSchema = z.object({ error: z.object({ code: z.string().min(1), message: z.string().min(1) }) }).strict();

describe("HTTP API on the real index (app.request)", () => {
  const loaded = useRealRuntime();
  let runtime: Runtime;
  let app: ReturnType<typeof createApp>;

  const ask = (body: unknown, init: RequestInit = {}) =>
    app.request("/ask", { method: "POST", headers: { "Content-Type": "application/json" }, body: typeof body === "string" ? body : JSON.stringify(body), ...init });

  beforeAll(() => {
    runtime = loaded.current;
    app = createApp({ assistant: runtime.assistant, log: () => {} });
  });

  it("reports health with what is loaded", async () => {
    const response = await app.request("/health");
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ status: "ok", model: "all-MiniLM-L6-v2", documents: 3 });
  });

  it("answers with [n] markers that match the citations, each citing a whole paragraph", async () => {
    const response = await ask({ question: "When did the Nampala raid take place?" });
    expect(response.status).toBe(200);
    const body = askResponseSchema.parse(await response.json());
    expect(body.abstained).toBe(false);
    expect(body.answer).toMatch(/January 5, 2015/);
    const markers = new Set([...body.answer.matchAll(/\[(\d+)\]/g)].map((match) => Number(match[1])));
    expect([...markers].sort()).toEqual(body.citations.map((citation) => citation.n).sort());
    for (const citation of body.citations) {
      const paragraph = runtime.assistant.index.passages.paragraphs.get(citation.id);
      expect(citation.text).toBe(paragraph?.text);
      expect(citation.docId).toBe("nampala-raid-2015");
      expect(citation.url).toBe(`/sources/${citation.docId}#${citation.id}`);
      expect(citation.paragraph).toBe(paragraph?.ordinal);
    }
  });

  it("says the documents do not hold the answer and cites nothing for an off-topic question", async () => {
    const body = askResponseSchema.parse(await (await ask({ question: "What is the best recipe for banana bread?" })).json());
    expect(body).toMatchObject({ abstained: true, citations: [] });
    expect(body.answer).toMatch(/do not contain/);
  });

  it("names what no document mentions when that is why it abstains, and names nothing otherwise", async () => {
    const unknown = await (await ask({ question: "How did the Wagadou forest battle affect Cassandra clusters?" })).json();
    expect(unknown).toMatchObject({ abstained: true, citations: [], notMentioned: ["Cassandra"] });
    const answered = await (await ask({ question: "When did the Nampala raid take place?" })).json();
    expect(answered).not.toHaveProperty("notMentioned");
  });

  it("accepts k and never cites more paragraphs than k", async () => {
    const body = askResponseSchema.parse(await (await ask({ question: "What happened in Gao in 2012?", k: 1 })).json());
    expect(body.citations.length).toBeLessThanOrEqual(1);
  });

  const badBodies: [string, unknown, number, string][] = [
    ["an empty question", { question: "" }, 400, "invalid_request"],
    ["a whitespace-only question", { question: "   \n\t " }, 400, "invalid_request"],
    ["an over-long question", { question: "why ".repeat(400) }, 400, "invalid_request"],
    ["a question that is not a string", { question: 42 }, 400, "invalid_request"],
    ["a missing question", { k: 3 }, 400, "invalid_request"],
    ["k out of range", { question: "Who is Iyad Ag Ghaly?", k: 500 }, 400, "invalid_request"],
    ["k that is not an integer", { question: "Who is Iyad Ag Ghaly?", k: 2.5 }, 400, "invalid_request"],
    ["a JSON array", [1, 2], 400, "invalid_request"],
    ["JSON null", "null", 400, "invalid_request"],
    ["malformed JSON", "{\"question\": ", 400, "bad_request"],
  ];
  for (const [name, body, status, code] of badBodies) {
    it(`rejects ${name} with ${status} ${code}`, async () => {
      const response = await ask(body);
      expect(response.status).toBe(status);
      expect(errorSchema.parse(await response.json()).error.code).toBe(code);
    });
  }

  it("rejects a body that is not declared as JSON with 415", async () => {
    const response = await ask("question=hi", { headers: { "Content-Type": "application/x-www-form-urlencoded" } });
    expect(response.status).toBe(415);
    expect(errorSchema.parse(await response.json()).error.code).toBe("unsupported_media_type");
  });

  it("rejects an oversized body with 413", async () => {
    const response = await ask({ question: "x", padding: "y".repeat(200_000) });
    expect(response.status).toBe(413);
    expect(errorSchema.parse(await response.json()).error.code).toBe("payload_too_large");
  });

  it("rejects other methods on /ask with 405", async () => {
    const response = await app.request("/ask");
    expect(response.status).toBe(405);
    expect(errorSchema.parse(await response.json()).error.code).toBe("method_not_allowed");
  });

  it("answers a question exactly as before after a burst of bad input", async () => {
    const question = { question: "Who led the 2020 military coup?" };
    const before = await (await ask(question)).json();
    for (const [, body] of badBodies) await ask(body);
    expect(await (await ask(question)).json()).toEqual(before);
  });

  it("serves a document as JSON with every paragraph addressable", async () => {
    const response = await app.request("/sources/nampala-raid-2015", { headers: { Accept: "application/json" } });
    expect(response.status).toBe(200);
    const body = (await response.json()) as { title: string; paragraphs: { id: string; url: string }[] };
    expect(body.title).toBe("2015 Nampala raid");
    expect(body.paragraphs.map((paragraph) => paragraph.id)).toContain("nampala-raid-2015/raid/1");
    expect(body.paragraphs.every((paragraph) => paragraph.url === `/sources/nampala-raid-2015#${paragraph.id}`)).toBe(true);
  });

  it("serves a document as HTML with paragraph ids as element ids and the supporting sentence marked", async () => {
    const response = await app.request("/sources/nampala-raid-2015?hl=nampala-raid-2015/raid/1:0-20", { headers: { Accept: "text/html" } });
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toContain('id="nampala-raid-2015/raid/1"');
    expect(html).toContain('<mark class="support">Between 4am and 6:15</mark>');
  });

  it("marks several supporting sentences and ignores malformed highlight ranges", async () => {
    const id = "nampala-raid-2015/aftermath/2";
    const response = await app.request(`/sources/nampala-raid-2015?hl=${id}:0-10&hl=${id}:20-30&hl=${id}:25-40&hl=garbage&hl=${id}:5-99999`);
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html.match(/<mark class="support">/g)).toHaveLength(2);
  });

  it("returns a paragraph with its neighbours", async () => {
    const response = await app.request("/passages/nampala-raid-2015/raid/1");
    expect(response.status).toBe(200);
    const body = (await response.json()) as { passage: { id: string }; previous: { id: string }; next: { id: string } };
    expect(body.passage.id).toBe("nampala-raid-2015/raid/1");
    expect(body.previous.id).toBe("nampala-raid-2015/prelude/1");
    expect(body.next.id).toBe("nampala-raid-2015/raid/2");
  });

  for (const path of [
    "/sources/no-such-document",
    "/sources/..%2F..%2Fetc%2Fpasswd",
    "/sources/..%2fpackage.json",
    "/passages/mali-war/background/999",
    "/passages/..%2F..%2Fpackage.json",
    "/passages/mali-war/..%2F..%2Fcorpus/1",
    "/nope",
  ]) {
    it(`answers ${path} with a JSON 404`, async () => {
      const response = await app.request(path);
      expect(response.status).toBe(404);
      expect(errorSchema.parse(await response.json()).error.code).toBe("not_found");
    });
  }
});
