import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApp } from "../src/app.js";
import { createAssistant } from "../src/assistant.js";
import { MAX_MESSAGE_TEXT } from "../src/limits.js";
import { buildFakeIndex } from "./support/fake-index.js";

describe("POST /api/chat names what is wrong with a request in a sentence", () => {
  let app: ReturnType<typeof createApp>;
  let cleanup: () => Promise<void>;

  beforeAll(async () => {
    const fake = await buildFakeIndex({ "notes.txt": "The meeting is on Tuesday. It starts at nine." });
    cleanup = fake.cleanup;
    app = createApp({ assistant: createAssistant({ index: fake.index, embedder: fake.embedder }), log: () => {} });
  });
  afterAll(async () => {
    await cleanup();
  });

  const message = (parts: unknown) => ({ id: "u1", role: "user", parts });
  const cases: [string, unknown, string][] = [
    ["a text part without text", { messages: [message([{ type: "text" }])] }, "A text part needs its text."],
    ["a part without a type", { messages: [message([{ type: 5 }])] }, 'Every message part needs a type, such as "text".'],
    ["a part over the limit", { messages: [message([{ type: "text", text: "x".repeat(MAX_MESSAGE_TEXT + 1) }])] }, `A message part may hold at most ${MAX_MESSAGE_TEXT} characters.`],
    ["a long chat id", { id: "x".repeat(201), messages: [message([{ type: "text", text: "When?" }])] }, "The chat id may be at most 200 characters."],
    ["a message without id", { messages: [{ role: "user", parts: [{ type: "text", text: "When?" }] }] }, "Every message needs an id."],
    ["an unknown role", { messages: [{ id: "1", role: "bot", parts: [] }] }, 'A message\'s role must be "user", "assistant" or "system".'],
  ];
  for (const [name, body, sentence] of cases) {
    it(`${name}: "${sentence}"`, async () => {
      const response = await app.request("/api/chat", { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) });
      expect(response.status).toBe(400);
      const { error } = (await response.json()) as { error: { message: string } };
      expect(error.message).toContain(sentence);
      // No validator wording ("Too big", "expected number", "Invalid input") reaches the reader.
      expect(error.message).not.toMatch(/Too (big|small)|expected|Invalid input|is not valid/);
    });
  }
});
