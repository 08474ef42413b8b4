// The chat page: asks POST /api/chat through the AI SDK's own client (DefaultChatTransport) and
// reads the UI message stream with its own reader (readUIMessageStream); renders `[n]` markers as
// citation chips, opens cited paragraphs beside the chat, and keeps conversations in localStorage.
import { DefaultChatTransport, readUIMessageStream, type UIMessageChunk } from "ai";
import type { ChatDataParts, ChatUIMessage } from "../../chat/chat-message.js";
import { MAX_QUESTION_LENGTH } from "../../limits.js";
import { AnswerView, SETTLED, textOf, viewOf, type TurnState } from "./answer-view.js";
import { ChatStore, titleFor, type StoredChat } from "./chat-store.js";
import { byId, h, uid } from "./dom.js";
import { renderHistory } from "./history-list.js";
import { hidePopover, hidePopoverSoon, isPopoverShown, showPopover } from "./popover.js";
import { closeSource, isSourceOpen, onSourceOpen } from "./source-panel.js";
import { requestMessages } from "./request-messages.js";
import { loadStatus } from "./status.js";
import { initDocumentsPanel } from "./documents-panel.js";

/** The request is abandoned when the server sends nothing for this long (the LLM's own total timeout is shorter). */
const IDLE_TIMEOUT_MS = 45_000;

const els = {
  conversation: byId("conversation"),
  messages: byId("messages"),
  emptyState: byId("empty-state"),
  form: byId<HTMLFormElement>("composer"),
  input: byId<HTMLTextAreaElement>("question"),
  send: byId<HTMLButtonElement>("send"),
  stop: byId<HTMLButtonElement>("stop"),
  count: byId("composer-count"),
  newChat: byId("new-chat"),
  historyToggle: byId<HTMLButtonElement>("history-toggle"),
  history: byId("history-panel"),
  historyList: byId("history-list"),
};

const store = new ChatStore();
let chat: StoredChat = { id: uid(), title: "New chat", updatedAt: Date.now(), messages: [] };
let streaming: AbortController | null = null;

const transport = new DefaultChatTransport<ChatUIMessage>({
  api: "/api/chat",
  // The whole conversation goes back with its parts (the server reads abstentions from the data
  // parts), trimmed to its latest turns so requests stay small however long the chat gets.
  prepareSendMessagesRequest: ({ id, messages }) => ({ body: { id, messages: requestMessages(messages) } }),
});

// ---------------------------------------------------------------- conversation

function isNearBottom(): boolean {
  const { scrollTop, scrollHeight, clientHeight } = els.conversation;
  return scrollHeight - scrollTop - clientHeight < 80;
}

function scrollToBottom(): void {
  els.conversation.scrollTop = els.conversation.scrollHeight;
}

function appendUserMessage(text: string): void {
  els.emptyState.hidden = true;
  els.messages.append(
    h("article", { className: "message message-user", testid: "message-user", attrs: { "aria-label": "You asked" } }, [h("div", { className: "bubble" }, [h("p", { className: "message-text", text })])]),
  );
  scrollToBottom();
}

function save(): void {
  if (chat.messages.length === 0) return;
  chat.updatedAt = Date.now();
  store.save(chat);
  refreshHistory();
}

/** Shows a stored conversation (or an empty one). */
function showChat(next: StoredChat): void {
  streaming?.abort();
  closeSource();
  hidePopover();
  chat = next;
  for (const message of els.messages.querySelectorAll(".message")) message.remove();
  els.emptyState.hidden = chat.messages.length > 0;
  for (const message of chat.messages) {
    if (message.role === "user") appendUserMessage(textOf(message));
    else new AnswerView(els.messages).render(message, SETTLED);
  }
  refreshHistory();
  scrollToBottom();
}

function refreshHistory(): void {
  renderHistory(els.historyList, store.list(), chat.id, {
    open: (id) => {
      const stored = store.get(id);
      if (stored && !streaming) showChat(stored);
      setHistoryOpen(false);
    },
    rename: (id, title) => {
      store.rename(id, title);
      if (id === chat.id) chat.title = store.get(id)?.title ?? chat.title;
      refreshHistory();
    },
    remove: (id) => {
      store.remove(id);
      if (id === chat.id) showChat({ id: uid(), title: "New chat", updatedAt: Date.now(), messages: [] });
      else refreshHistory();
    },
  });
}

function setHistoryOpen(open: boolean): void {
  els.history.hidden = !open;
  els.historyToggle.setAttribute("aria-expanded", String(open));
}

// ---------------------------------------------------------------- streaming

async function errorMessage(error: unknown, timedOut: boolean): Promise<string> {
  if (timedOut) return `No response from the server for ${IDLE_TIMEOUT_MS / 1000} seconds, so the request was cancelled.`;
  const message = error instanceof Error ? error.message : String(error);
  // DefaultChatTransport throws the response body of a failed request as the error message.
  try {
    const body = JSON.parse(message) as { error?: { message?: unknown } };
    if (typeof body.error?.message === "string") return body.error.message;
  } catch {
    // Not a JSON error body.
  }
  if (/fetch|network|Failed to/i.test(message)) return `Could not reach the server: ${message}. Check that it is still running.`;
  return message || "The answer could not be completed.";
}

/** Watches the chunks for the transient status part, which never joins the message. */
function watchStatus(stream: ReadableStream<UIMessageChunk>, onWriting: () => void): ReadableStream<UIMessageChunk> {
  return stream.pipeThrough(
    new TransformStream<UIMessageChunk, UIMessageChunk>({
      transform(chunk, controller) {
        if (chunk.type === "data-status" && (chunk.data as ChatDataParts["status"]).stage === "writing") onWriting();
        controller.enqueue(chunk);
      },
    }),
  );
}

function setBusy(busy: boolean): void {
  const hadFocus = document.activeElement === els.input || document.activeElement === els.stop || document.activeElement === els.send;
  els.input.disabled = busy;
  els.send.hidden = busy;
  els.stop.hidden = !busy;
  els.form.classList.toggle("is-busy", busy);
  els.messages.setAttribute("aria-busy", String(busy));
  if (hadFocus || document.activeElement === document.body) (busy ? els.stop : els.input).focus({ preventScroll: true });
}

/** Streams the answer to the conversation's last user message into a new assistant message. */
async function runTurn(): Promise<void> {
  const view = new AnswerView(els.messages);
  const turn: TurnState = { streaming: true, writing: false, error: null, stopped: false };
  const controller = new AbortController();
  const owner = chat;
  streaming = controller;
  for (const button of els.messages.querySelectorAll("[data-testid=retry-button]")) button.remove();
  setBusy(true);
  let message: ChatUIMessage | undefined;
  const render = () => {
    const stick = isNearBottom();
    view.render(message, turn);
    if (stick) scrollToBottom();
  };
  render();
  scrollToBottom();

  let timedOut = false;
  let timer = 0;
  const arm = () => {
    clearTimeout(timer);
    timer = window.setTimeout(() => {
      timedOut = true;
      controller.abort();
    }, IDLE_TIMEOUT_MS);
  };
  let frame = 0;
  const renderSoon = () => {
    if (!frame) frame = requestAnimationFrame(() => ((frame = 0), render()));
  };
  let finished = false;
  try {
    arm();
    const chunks = await transport.sendMessages({ chatId: owner.id, messages: owner.messages, abortSignal: controller.signal, trigger: "submit-message", messageId: undefined });
    const stream = watchStatus(chunks, () => ((turn.writing = true), renderSoon())).pipeThrough(
      new TransformStream<UIMessageChunk, UIMessageChunk>({
        transform(chunk, streamController) {
          arm();
          if (chunk.type === "finish") finished = true;
          if (chunk.type === "error") turn.error = chunk.errorText || "The answer could not be completed.";
          if (chunk.type === "abort") turn.stopped = true;
          streamController.enqueue(chunk);
        },
      }),
    );
    for await (const snapshot of readUIMessageStream<ChatUIMessage>({ stream, onError: () => {} })) {
      message = snapshot;
      renderSoon();
    }
    // Stop aborts the request; the reader may end quietly instead of throwing.
    if (controller.signal.aborted && !timedOut) turn.stopped = true;
    else if (!finished && !turn.error && !turn.stopped) turn.error = timedOut ? await errorMessage(null, true) : "The connection closed before the answer was complete.";
  } catch (error) {
    if (controller.signal.aborted && !timedOut) turn.stopped = true;
    else turn.error = await errorMessage(error, timedOut);
  } finally {
    clearTimeout(timer);
    cancelAnimationFrame(frame);
  }

  turn.streaming = false;
  turn.writing = false;
  if (message && textOf(message)) {
    owner.messages.push(message);
    if (owner === chat) save();
    else store.save(owner);
  } else if (turn.error) {
    view.onRetry = () => {
      if (streaming) return;
      view.article.remove();
      void runTurn();
    };
  }
  if (streaming === controller) streaming = null;
  render();
  setBusy(false);
}

function ask(question: string): void {
  if (streaming) return;
  if (chat.messages.length === 0) chat.title = titleFor(question);
  chat.messages.push({ id: uid(), role: "user", parts: [{ type: "text", text: question }] });
  appendUserMessage(question);
  save();
  void runTurn();
}

// ---------------------------------------------------------------- composer

function updateComposer(): void {
  const input = els.input;
  input.style.height = "auto";
  input.style.height = `${Math.min(input.scrollHeight, 200)}px`;
  const length = input.value.trim().length;
  const over = length > MAX_QUESTION_LENGTH;
  els.count.textContent = length > MAX_QUESTION_LENGTH * 0.8 ? `${length} / ${MAX_QUESTION_LENGTH}` : "";
  els.count.classList.toggle("is-over", over);
  input.setAttribute("aria-invalid", String(over));
}

els.form.addEventListener("submit", (event) => {
  event.preventDefault();
  if (streaming) return;
  const question = els.input.value.trim();
  if (!question) return;
  if (question.length > MAX_QUESTION_LENGTH) {
    els.count.textContent = `${question.length} / ${MAX_QUESTION_LENGTH} — questions can be at most ${MAX_QUESTION_LENGTH} characters`;
    els.count.classList.add("is-over");
    return;
  }
  els.input.value = "";
  updateComposer();
  ask(question);
});

els.input.addEventListener("keydown", (event) => {
  if (event.key === "Enter" && !event.shiftKey && !event.isComposing && !event.altKey && !event.ctrlKey && !event.metaKey) {
    event.preventDefault();
    els.form.requestSubmit();
  }
});
els.input.addEventListener("input", updateComposer);
els.stop.addEventListener("click", () => streaming?.abort());
els.newChat.addEventListener("click", () => {
  showChat({ id: uid(), title: "New chat", updatedAt: Date.now(), messages: [] });
  els.input.value = "";
  updateComposer();
  els.input.focus();
});
els.historyToggle.addEventListener("click", () => setHistoryOpen(els.history.hidden));
byId("history-close").addEventListener("click", () => {
  setHistoryOpen(false);
  els.historyToggle.focus();
});

// ---------------------------------------------------------------- citation popover and keys

const chipOf = (target: EventTarget | null): HTMLElement | null => (target instanceof Element ? target.closest<HTMLElement>("button.chip") : null);
function showChipPopover(chip: HTMLElement): void {
  const citation = viewOf(chip)?.citations.get(Number(chip.getAttribute("data-n")));
  if (citation) showPopover(chip, citation);
}
els.messages.addEventListener("pointerover", (event) => {
  const chip = chipOf(event.target);
  if (chip && event.pointerType !== "touch") showChipPopover(chip);
});
els.messages.addEventListener("pointerout", (event) => {
  if (chipOf(event.target)) hidePopoverSoon();
});
els.messages.addEventListener("focusin", (event) => {
  const chip = chipOf(event.target);
  if (chip?.matches(":focus-visible")) showChipPopover(chip);
});
els.messages.addEventListener("focusout", (event) => {
  if (chipOf(event.target)) hidePopoverSoon();
});
els.conversation.addEventListener("scroll", hidePopover, { passive: true });
onSourceOpen(hidePopover);

document.addEventListener("keydown", (event) => {
  if (event.key !== "Escape") return;
  if (isPopoverShown()) hidePopover();
  else if (isSourceOpen()) closeSource();
  else if (!els.history.hidden) setHistoryOpen(false);
});

// ---------------------------------------------------------------- start

const latest = store.list()[0];
if (latest) showChat(latest);
else refreshHistory();
setHistoryOpen(false);
updateComposer();
void loadStatus(byId("corpus-status"));
initDocumentsPanel({ changed: () => void loadStatus(byId("corpus-status")) });
els.input.focus();
document.documentElement.classList.add("js-ready");
