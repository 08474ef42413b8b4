import { describe, expect, it } from "vitest";
import type { Citation } from "../src/answer/types.js";
import type { ChatUIMessage } from "../src/chat/chat-message.js";
import { MAX_CHAT_HISTORY_CHARS, MAX_CHAT_HISTORY_MESSAGES } from "../src/limits.js";
import { ChatStore, MAX_STORED_CHATS, TITLE_LENGTH, titleFor, type StoredChat } from "../src/ui/client/chat-store.js";
import { abstentionHint } from "../src/ui/client/abstention-hint.js";
import { answerAsText, sourceHref } from "../src/ui/client/citations.js";
import { requestMessages } from "../src/ui/client/request-messages.js";

/** An in-memory Storage (the browser's localStorage interface), optionally full. */
class MemoryStorage implements Storage {
  private readonly items = new Map<string, string>();
  constructor(private readonly full = false) {}
  get length() {
    return this.items.size;
  }
  clear() {
    this.items.clear();
  }
  getItem(key: string) {
    return this.items.get(key) ?? null;
  }
  key(index: number) {
    return [...this.items.keys()][index] ?? null;
  }
  removeItem(key: string) {
    this.items.delete(key);
  }
  setItem(key: string, value: string) {
    if (this.full) throw new DOMException("The quota has been exceeded.", "QuotaExceededError");
    this.items.set(key, value);
  }
}

const text = (id: string, role: "user" | "assistant", value: string): ChatUIMessage => ({ id, role, parts: [{ type: "text", text: value }] });
const chat = (id: string, updatedAt: number, title = id): StoredChat => ({ id, title, updatedAt, messages: [text(`${id}-1`, "user", "When?")] });

describe("chat page: stored conversations (chat-store.ts)", () => {
  it("lists chats newest first, renames and removes them", () => {
    const store = new ChatStore(new MemoryStorage());
    store.save(chat("a", 1));
    store.save(chat("b", 3));
    store.save(chat("c", 2));
    expect(store.list().map((stored) => stored.id)).toEqual(["b", "c", "a"]);
    store.rename("c", "  Renamed\n chat ");
    expect(store.get("c")?.title).toBe("Renamed chat");
    store.remove("b");
    expect(store.list().map((stored) => stored.id)).toEqual(["c", "a"]);
  });

  it(`keeps at most ${MAX_STORED_CHATS} chats, dropping the oldest`, () => {
    const store = new ChatStore(new MemoryStorage());
    for (let index = 0; index < MAX_STORED_CHATS + 5; index++) store.save(chat(`chat-${index}`, index));
    const ids = store.list().map((stored) => stored.id);
    expect(ids).toHaveLength(MAX_STORED_CHATS);
    expect(ids).not.toContain("chat-0");
    expect(ids[0]).toBe(`chat-${MAX_STORED_CHATS + 4}`);
  });

  it("reads past anything that is not a chat, and keeps working when storage is full", () => {
    const storage = new MemoryStorage();
    storage.setItem("cited-docs-chat:chats:v1", JSON.stringify([chat("ok", 1), { id: 5 }, "junk", null]));
    expect(new ChatStore(storage).list().map((stored) => stored.id)).toEqual(["ok"]);
    storage.setItem("cited-docs-chat:chats:v1", "{not json");
    expect(new ChatStore(storage).list()).toEqual([]);
    const full = new ChatStore(new MemoryStorage(true));
    expect(() => full.save(chat("a", 1))).not.toThrow();
    expect(full.list()).toEqual([]);
  });

  it(`titles a chat by its first question, on one line and at most ${TITLE_LENGTH} characters`, () => {
    expect(titleFor("  When did\nthe raid happen? ")).toBe("When did the raid happen?");
    const long = titleFor("word ".repeat(40));
    expect(long).toHaveLength(TITLE_LENGTH);
    expect(long.endsWith("…")).toBe(true);
    expect(titleFor("   ")).toBe("New chat");
  });
});

describe("chat page: what a request carries (request-messages.ts)", () => {
  it("sends the parts the server reads and drops sources and step markers", () => {
    const answer: ChatUIMessage = {
      id: "a1",
      role: "assistant",
      parts: [
        { type: "step-start" },
        { type: "text", text: "The documents do not contain an answer to this question." },
        { type: "source-url", sourceId: "s", url: "/sources/x#x/1" },
        { type: "data-answer", data: { mode: "extractive", abstained: true } },
      ],
    };
    const sent = requestMessages([text("u1", "user", "Bread?"), answer, text("u2", "user", "And cake?")]);
    expect(sent[1]?.parts.map((part) => part.type)).toEqual(["text", "data-answer"]);
  });

  it(`keeps the latest ${MAX_CHAT_HISTORY_MESSAGES} messages within ${MAX_CHAT_HISTORY_CHARS} characters, starting at a user message`, () => {
    const messages = Array.from({ length: 60 }, (_, index) => text(`m${index}`, index % 2 ? "assistant" : "user", "x".repeat(4_000)));
    messages.push(text("last", "user", "Latest question?"));
    const sent = requestMessages(messages);
    expect(sent.at(-1)?.id).toBe("last");
    expect(sent[0]?.role).toBe("user");
    expect(sent.length).toBeLessThanOrEqual(MAX_CHAT_HISTORY_MESSAGES);
    expect(JSON.stringify(sent).length).toBeLessThanOrEqual(MAX_CHAT_HISTORY_CHARS);
  });
});

describe("chat page: the copy button's text (citations.ts)", () => {
  const citation: Citation = {
    n: 1,
    id: "nampala-raid-2015/intro/1",
    docId: "nampala-raid-2015",
    title: "2015 Nampala raid",
    section: "Introduction",
    paragraph: 1,
    text: "On January 5, 2015, militants overran Nampala.",
    score: 0.8,
    url: "/sources/nampala-raid-2015#nampala-raid-2015/intro/1",
    highlights: [{ start: 0, end: 46 }],
  };

  it("links a cited paragraph with its highlighted sentence", () => {
    expect(sourceHref(citation)).toBe("/sources/nampala-raid-2015?hl=nampala-raid-2015/intro/1:0-46#nampala-raid-2015/intro/1");
  });

  it("is the answer with its markers, then one line per source with its full link", () => {
    expect(answerAsText("It happened on January 5, 2015 [1].", [citation], "http://127.0.0.1:3000")).toBe(
      "It happened on January 5, 2015 [1].\n\nSources:\n[1] 2015 Nampala raid — Introduction ¶1 — http://127.0.0.1:3000/sources/nampala-raid-2015?hl=nampala-raid-2015/intro/1:0-46#nampala-raid-2015/intro/1",
    );
    expect(answerAsText("The documents do not contain an answer to this question.", [], "http://x")).toBe("The documents do not contain an answer to this question.");
  });
});

describe("abstentionHint", () => {
  it("names what no document mentions, and says the general reason otherwise", () => {
    expect(abstentionHint(["Cassandra"])).toMatch(/^No indexed document mentions “Cassandra”, so nothing was made up\./);
    expect(abstentionHint(["LDAP", "SharePoint", "Terraform"])).toMatch(/mentions “LDAP”, “SharePoint” or “Terraform”,/);
    expect(abstentionHint(undefined)).toMatch(/^None of the indexed documents holds this information/);
    expect(abstentionHint([])).toBe(abstentionHint(undefined));
  });
});
