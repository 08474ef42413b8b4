import { TITLE_LENGTH, type StoredChat } from "./chat-store.js";
import { h } from "./dom.js";

export interface HistoryHandlers {
  open(id: string): void;
  rename(id: string, title: string): void;
  remove(id: string): void;
}

/** Swaps a chat's title for a text field; Enter or leaving the field saves, Escape cancels. */
function startRename(item: HTMLElement, chat: StoredChat, handlers: HistoryHandlers): void {
  const input = h("input", { className: "history-rename", testid: "history-rename-input", attrs: { type: "text", "aria-label": "New name for this chat", maxlength: String(TITLE_LENGTH) } });
  input.value = chat.title;
  let done = false;
  const finish = (save: boolean) => {
    if (done) return;
    done = true;
    if (save && input.value.trim()) handlers.rename(chat.id, input.value);
    else handlers.rename(chat.id, chat.title);
  };
  input.addEventListener("keydown", (event) => {
    if (event.key === "Enter") finish(true);
    if (event.key === "Escape") {
      event.stopPropagation();
      finish(false);
    }
  });
  input.addEventListener("blur", () => finish(true));
  item.replaceChildren(input);
  input.focus();
  input.select();
}

/** The list of past chats, newest first, each with open, rename and delete. */
export function renderHistory(list: HTMLElement, chats: StoredChat[], currentId: string, handlers: HistoryHandlers): void {
  if (chats.length === 0) {
    list.replaceChildren(h("li", { className: "history-empty", text: "No earlier chats yet. Your conversations are kept in this browser." }));
    return;
  }
  list.replaceChildren(
    ...chats.map((chat) => {
      const item = h("li", { className: `history-item${chat.id === currentId ? " is-current" : ""}`, testid: "history-item", attrs: { "data-chat-id": chat.id } });
      const open = h("button", { className: "history-open", text: chat.title, testid: "history-open", attrs: { type: "button", ...(chat.id === currentId ? { "aria-current": "true" } : {}) } });
      const rename = h("button", { className: "button button-small", text: "Rename", testid: "history-rename", attrs: { type: "button", "aria-label": `Rename chat “${chat.title}”` } });
      const remove = h("button", { className: "button button-small button-danger", text: "Delete", testid: "history-delete", attrs: { type: "button", "aria-label": `Delete chat “${chat.title}”` } });
      open.addEventListener("click", () => handlers.open(chat.id));
      rename.addEventListener("click", () => startRename(item, chat, handlers));
      remove.addEventListener("click", () => handlers.remove(chat.id));
      item.append(open, rename, remove);
      return item;
    }),
  );
}
