import { describe, expect, it } from "vitest";
import { ABSTENTION_TEXT } from "../src/answer/types.js";
import { resolveTurn, type ChatMessage } from "../src/chat/conversation.js";

const message = (role: ChatMessage["role"], text: string, id = `${role}-${text.length}`): ChatMessage => ({ id, role, parts: [{ type: "text", text }] });
const after = (question: string) =>
  resolveTurn([message("user", "Which plugin registers the Postgres client for the whole server?"), message("assistant", "The postgres plugin does [1]."), message("user", question)]).context;
const PREVIOUS = ["Which plugin registers the Postgres client for the whole server?"];

describe("resolveTurn: which questions refer back to the previous one", () => {
  it.each([
    "Which Node.js version did it require when Fastify 4 was released?",
    "Does the Postgres plugin accept those settings in Fastify 4 and in Fastify 5?",
    "Why is this needed when the Postgres pool is shared by every Fastify route?",
    "Did Fastify 4 change the same option for the Postgres pool in TypeScript projects?",
    "What did the Postgres maintainers change about that plugin in Fastify 5?",
  ])("%s", (question) => {
    expect(after(question)).toEqual(PREVIOUS);
  });

  it.each([
    "What is the Fastify option that limits the body size of a Postgres upload route?",
    "Which Fastify hook runs before the Postgres plugin validates a request body?",
  ])("not: %s", (question) => {
    expect(after(question)).toEqual([]);
  });

  it("takes the latest earlier question that was answered, not one the documents could not answer", () => {
    const turn = resolveTurn([
      message("user", "What is JNIM?"),
      message("assistant", "JNIM is a coalition [1]."),
      message("user", "How do I bake bread?"),
      message("assistant", ABSTENTION_TEXT),
      message("user", "When was it formed?"),
    ]);
    expect(turn).toEqual({ question: "When was it formed?", context: ["What is JNIM?"] });
  });
});
