import type { ChatUIMessage } from "../../chat/chat-message.js";

/** One conversation as kept in the browser. */
export interface StoredChat {
  id: string;
  title: string;
  updatedAt: number;
  messages: ChatUIMessage[];
}

const KEY = "cited-docs-chat:chats:v1";
/** The oldest chats are dropped past this many, so storage never fills up. */
export const MAX_STORED_CHATS = 50;
/** The longest chat title, from the first question or a rename. */
export const TITLE_LENGTH = 80;

function isStoredChat(value: unknown): value is StoredChat {
  if (!value || typeof value !== "object") return false;
  const chat = value as Partial<StoredChat>;
  return typeof chat.id === "string" && typeof chat.title === "string" && typeof chat.updatedAt === "number" && Array.isArray(chat.messages);
}

/** A title from the chat's first question. */
export function titleFor(question: string): string {
  const line = question.replace(/\s+/g, " ").trim();
  return line.length > TITLE_LENGTH ? `${line.slice(0, TITLE_LENGTH - 1)}…` : line || "New chat";
}

/**
 * Conversations in localStorage, newest first. Reads tolerate anything (another version's data,
 * a user's edits): what does not look like a chat is skipped. Writes that fail (storage full or
 * disabled) leave the page working without history.
 */
export class ChatStore {
  constructor(private readonly storage: Storage | undefined = globalThis.localStorage) {}

  list(): StoredChat[] {
    try {
      const parsed: unknown = JSON.parse(this.storage?.getItem(KEY) ?? "[]");
      return Array.isArray(parsed) ? parsed.filter(isStoredChat).sort((a, b) => b.updatedAt - a.updatedAt) : [];
    } catch {
      return [];
    }
  }

  get(id: string): StoredChat | undefined {
    return this.list().find((chat) => chat.id === id);
  }

  save(chat: StoredChat): void {
    this.write([chat, ...this.list().filter((other) => other.id !== chat.id)]);
  }

  rename(id: string, title: string): void {
    const chats = this.list();
    const chat = chats.find((candidate) => candidate.id === id);
    if (!chat) return;
    chat.title = titleFor(title);
    this.write(chats);
  }

  remove(id: string): void {
    this.write(this.list().filter((chat) => chat.id !== id));
  }

  private write(chats: StoredChat[]): void {
    try {
      this.storage?.setItem(KEY, JSON.stringify(chats.slice(0, MAX_STORED_CHATS)));
    } catch {
      // Storage full or disabled: the conversation still works, it just is not kept.
    }
  }
}
