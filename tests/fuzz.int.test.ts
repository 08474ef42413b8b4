import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApp } from "../src/app.js";
import type { Runtime } from "../src/bootstrap.js";
import { loadRealRuntime } from "./support/real-runtime.js";

/** Fails instead of hanging: every request must settle, stream included, within this time. */
const REQUEST_DEADLINE_MS = 5_000;

async function settle(response: Response | Promise<Response>): Promise<{ status: number; body: string }> {
  const deadline = new Promise<never>((_, reject) => setTimeout(() => reject(new Error("request hung")), REQUEST_DEADLINE_MS));
  return Promise.race([
    (async () => {
      const settled = await response;
      return { status: settled.status, body: await settled.text() };
    })(),
    deadline,
  ]);
}

const text = fc.oneof(fc.string({ maxLength: 60 }), fc.string({ unit: "grapheme", maxLength: 60 }), fc.constantFrom("", " ", "\u0000", "<script>alert(1)</script>", "../../etc/passwd", "💥".repeat(300), "a".repeat(1001), "Who led the 2020 coup?"));
const askBody = fc.oneof(
  fc.jsonValue().map((value) => JSON.stringify(value)),
  fc.record({ question: fc.oneof(text, fc.jsonValue()), k: fc.option(fc.oneof(fc.integer(), fc.double(), fc.string(), fc.constant(null))) }, { requiredKeys: [] }).map((value) => JSON.stringify(value)),
  fc.string({ maxLength: 80 }),
);
const part = fc.oneof(fc.record({ type: fc.constant("text"), text }), fc.record({ type: fc.string({ maxLength: 12 }) }), fc.jsonValue());
const message = fc.oneof(
  fc.record({ id: fc.string({ maxLength: 8 }), role: fc.constantFrom("user", "assistant", "system", "tool", ""), parts: fc.array(part, { maxLength: 3 }) }),
  fc.jsonValue(),
);
const validChat = fc
  .array(fc.tuple(fc.constantFrom("user", "assistant"), fc.string({ minLength: 1, maxLength: 200 })), { maxLength: 4 })
  .chain((turns) => fc.string({ minLength: 1, maxLength: 300 }).filter((question) => question.trim().length > 0).map((question) => [...turns, ["user", question] as const]))
  .map((turns) => JSON.stringify({ id: "fuzz", messages: turns.map(([role, body], index) => ({ id: `m${index}`, role, parts: [{ type: "text", text: body }] })) }));
const chatBody = fc.oneof(
  validChat,
  fc.record({ id: fc.option(fc.string({ maxLength: 8 })), messages: fc.array(message, { maxLength: 4 }) }).map((value) => JSON.stringify(value)),
  fc.jsonValue().map((value) => JSON.stringify(value)),
  fc.string({ maxLength: 80 }),
);
const contentType = fc.constantFrom("application/json", "application/json; charset=utf-8", "text/plain", "", "application/x-www-form-urlencoded", "application/vnd.api+json");

describe("property-based fuzzing of /ask and /api/chat (real model and index)", () => {
  let runtime: Runtime;
  let app: ReturnType<typeof createApp>;
  const reference = { question: "How many soldiers were killed in the Nampala raid?" };
  const askReference = async () => (await app.request("/ask", { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(reference) })).json();
  let before: unknown;

  beforeAll(async () => {
    runtime = await loadRealRuntime();
    app = createApp({ assistant: runtime.assistant, log: () => {} });
    before = await askReference();
  }, 60_000);

  afterAll(async () => {
    await runtime?.embedder.dispose();
  });

  it("never answers /ask with a 5xx or hangs, and every error is the JSON error shape", async () => {
    await fc.assert(
      fc.asyncProperty(askBody, contentType, async (body, type) => {
        const { status, body: responseBody } = await settle(app.request("/ask", { method: "POST", headers: type ? { "Content-Type": type } : {}, body }));
        expect(status).toBeLessThan(500);
        const json = JSON.parse(responseBody) as Record<string, unknown>;
        if (status >= 400) expect(json).toMatchObject({ error: { code: expect.any(String), message: expect.any(String) } });
        else expect(json).toMatchObject({ answer: expect.any(String), citations: expect.any(Array) });
      }),
      { numRuns: 200, seed: 20261125 },
    );
  }, 120_000);

  it("never answers /api/chat with a 5xx or hangs, streams included", async () => {
    await fc.assert(
      fc.asyncProperty(chatBody, contentType, async (body, type) => {
        const { status, body: responseBody } = await settle(app.request("/api/chat", { method: "POST", headers: type ? { "Content-Type": type } : {}, body }));
        expect(status).toBeLessThan(500);
        if (status === 200) {
          expect(responseBody).toContain('"type":"finish"');
          expect(responseBody).not.toContain('"type":"error"');
        } else {
          expect(JSON.parse(responseBody)).toMatchObject({ error: { code: expect.any(String) } });
        }
      }),
      { numRuns: 150, seed: 20261125 },
    );
  }, 120_000);

  it("answers a real question exactly as before the fuzzing", async () => {
    expect(await askReference()).toEqual(before);
  });
});
