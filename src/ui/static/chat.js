// The chat page: streams answers from POST /api/chat (AI SDK UI message stream over SSE), renders
// `[n]` markers as citation chips and opens the cited paragraph in a side panel.
// Corpus and user text only ever reaches the DOM through textContent / createTextNode.

const MAX_QUESTION_LENGTH = 1000;
/** The request is abandoned when the server sends nothing for this long (the LLM itself times out at 30 s). */
const IDLE_TIMEOUT_MS = 45_000;
/** Only the latest turns matter for follow-ups, so requests stay small however long the chat gets. */
const MAX_HISTORY_MESSAGES = 20;
const MAX_BODY_CHARS = 48_000;
const MARKER = /\[(\d{1,3})\]/g;
const CLOSE_MESSAGE = "cited-docs:close-source";

const $ = (id) => /** @type {HTMLElement} */ (document.getElementById(id));
const els = {
  app: $("app"),
  conversation: $("conversation"),
  messages: $("messages"),
  emptyState: $("empty-state"),
  form: /** @type {HTMLFormElement} */ ($("composer")),
  input: /** @type {HTMLTextAreaElement} */ ($("question")),
  send: /** @type {HTMLButtonElement} */ ($("send")),
  stop: /** @type {HTMLButtonElement} */ ($("stop")),
  count: $("composer-count"),
  status: $("corpus-status"),
  newChat: $("new-chat"),
  panel: $("source-panel"),
  panelTitle: $("source-title"),
  panelKicker: $("source-kicker"),
  panelOpen: /** @type {HTMLAnchorElement} */ ($("source-open")),
  panelClose: $("source-close"),
  frame: /** @type {HTMLIFrameElement} */ ($("source-frame")),
  popover: $("popover"),
};

function uid() {
  if (globalThis.crypto && typeof crypto.randomUUID === "function") return crypto.randomUUID();
  return `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 10)}`;
}

/**
 * @typedef {{ n: number, id: string, docId: string, title: string, section: string, paragraph: number, text: string, score: number, url: string, highlights: {start: number, end: number}[] }} Citation
 * @typedef {{ mode?: string, abstained?: boolean, notice?: string, removedMarkers?: number[], uncitedSentences?: string[] }} AnswerInfo
 * @typedef {{ id: string, role: "user" | "assistant", text: string }} HistoryMessage
 * @typedef {{
 *   parts: { id: string, text: string }[],
 *   citations: Citation[] | null,
 *   info: AnswerInfo | null,
 *   error: string | null,
 *   finished: boolean,
 *   stopped: boolean,
 *   streaming: boolean,
 * }} AnswerState
 */

const state = {
  chatId: uid(),
  /** @type {HistoryMessage[]} */
  history: [],
  /** @type {{ controller: AbortController } | null} */
  streaming: null,
  /** @type {{ view: AssistantView, n: number } | null} */
  active: null,
};

// ---------------------------------------------------------------- DOM helpers

/**
 * @param {string} tag
 * @param {{ className?: string, text?: string, testid?: string, attrs?: Record<string, string> }} [options]
 * @param {(Node | string | null | undefined | false)[]} [children]
 */
function h(tag, options = {}, children = []) {
  const element = document.createElement(tag);
  if (options.className) element.className = options.className;
  if (options.text !== undefined) element.textContent = options.text;
  if (options.testid) element.dataset.testid = options.testid;
  for (const [name, value] of Object.entries(options.attrs ?? {})) element.setAttribute(name, value);
  for (const child of children) if (child) element.append(child);
  return element;
}

/** The paragraph text with its supporting sentence(s) wrapped in <mark>; offsets are validated. */
function passageWithHighlights(text, highlights) {
  const fragment = document.createDocumentFragment();
  const ranges = (Array.isArray(highlights) ? highlights : [])
    .filter((range) => Number.isInteger(range?.start) && Number.isInteger(range?.end) && range.start >= 0 && range.end > range.start && range.end <= text.length)
    .sort((a, b) => a.start - b.start);
  let cursor = 0;
  for (const range of ranges) {
    if (range.start < cursor) continue;
    if (range.start > cursor) fragment.append(text.slice(cursor, range.start));
    fragment.append(h("mark", { className: "support", text: text.slice(range.start, range.end) }));
    cursor = range.end;
  }
  if (cursor < text.length) fragment.append(text.slice(cursor));
  return fragment;
}

function supportingText(citation) {
  const ranges = (citation.highlights ?? []).filter((range) => range.end > range.start && range.end <= citation.text.length);
  return ranges.length ? ranges.map((range) => citation.text.slice(range.start, range.end)).join(" … ") : citation.text;
}

function citationLabel(citation) {
  return `${citation.title} — ${citation.section} ¶${citation.paragraph}`;
}

/** `/sources/<doc>?hl=<paragraph>:<start>-<end>#<paragraph>`: the shareable view of one cited paragraph. */
function sourceHref(citation) {
  const fromServer = typeof citation.url === "string" && citation.url.startsWith("/sources/") && !citation.url.startsWith("//");
  const [path, fragment] = fromServer ? citation.url.split("#") : [`/sources/${encodeURIComponent(citation.docId)}`, citation.id];
  const query = (citation.highlights ?? [])
    .filter((range) => Number.isInteger(range.start) && Number.isInteger(range.end) && range.end > range.start)
    .map((range) => `hl=${encodeURIComponent(`${citation.id}:${range.start}-${range.end}`).replace(/%2F/g, "/").replace(/%3A/g, ":")}`)
    .join("&");
  return `${path}${query ? `?${query}` : ""}#${fragment || citation.id}`;
}

// ---------------------------------------------------------------- messages

function hideEmptyState() {
  els.emptyState.hidden = true;
}

function isNearBottom() {
  const { scrollTop, scrollHeight, clientHeight } = els.conversation;
  return scrollHeight - scrollTop - clientHeight < 80;
}

function scrollToBottom() {
  els.conversation.scrollTop = els.conversation.scrollHeight;
}

function appendUserMessage(text) {
  hideEmptyState();
  const article = h("article", { className: "message message-user", testid: "message-user", attrs: { "aria-label": "You asked" } }, [
    h("div", { className: "bubble" }, [h("p", { className: "message-text", text })]),
  ]);
  els.messages.append(article);
  scrollToBottom();
}

class AssistantView {
  constructor() {
    this.article = h("article", { className: "message message-assistant", testid: "message-assistant", attrs: { "aria-label": "Assistant answer" } });
    this.bubble = h("div", { className: "bubble" });
    this.article.append(h("div", { className: "avatar", text: "¶", attrs: { "aria-hidden": "true" } }), this.bubble);
    /** @type {Map<number, Citation>} */
    this.citations = new Map();
    /** @type {(() => void) | null} */
    this.onRetry = null;
    /** @type {HTMLElement | null} */
    this.alert = null;
    els.messages.append(this.article);
  }

  /** Re-renders the whole message from the answer state (cheap: answers are short). */
  render(/** @type {AnswerState} */ answer) {
    const stickToBottom = isNearBottom();
    const info = answer.info ?? {};
    const abstained = info.abstained === true;
    this.citations = new Map((answer.citations ?? []).map((citation) => [citation.n, citation]));
    this.article.classList.toggle("abstained", abstained);
    this.article.classList.toggle("is-streaming", answer.streaming);
    this.article.setAttribute("aria-busy", String(answer.streaming));
    if (abstained) this.bubble.dataset.testid = "abstention";
    else delete this.bubble.dataset.testid;

    const children = [];
    if (abstained) {
      children.push(h("p", { className: "abstention-label" }, [h("span", { className: "abstention-icon", text: "∅", attrs: { "aria-hidden": "true" } }), "No answer in the documents"]));
    }

    // A notice means the server replaced an earlier (LLM) text with a fallback: the earlier text's
    // markers point at other passages, so it is kept out of the answer.
    const parts = answer.parts.filter((part) => part.text.length > 0);
    const replaced = info.notice && parts.length > 1 ? parts.slice(0, -1) : [];
    const shown = replaced.length ? parts.slice(-1) : parts;
    const interactive = answer.citations !== null;
    for (const part of shown) children.push(this.renderText(part.text, interactive, answer.streaming));
    if (shown.length === 0 && answer.streaming) {
      children.push(h("p", { className: "thinking", testid: "thinking" }, [h("span", { className: "dots", attrs: { "aria-hidden": "true" } }, [h("i"), h("i"), h("i")]), "Searching the documents…"]));
    }
    if (abstained) {
      children.push(h("p", { className: "abstention-hint", text: "None of the indexed documents holds this information, so nothing was made up. Try rephrasing, or ask about something the documents cover." }));
    }
    if (info.notice) children.push(h("p", { className: "note note-notice", testid: "answer-notice", text: info.notice }));
    if (replaced.length) {
      const details = h("details", { className: "replaced" }, [h("summary", { text: "Show the discarded answer" })]);
      for (const part of replaced) details.append(h("p", { className: "message-text", text: part.text }));
      children.push(details);
    }
    if (Array.isArray(info.removedMarkers) && info.removedMarkers.length) {
      const markers = info.removedMarkers.map((n) => `[${n}]`).join(", ");
      children.push(h("p", { className: "note note-warning", testid: "removed-markers", text: `Removed citation markers that pointed at no passage: ${markers}.` }));
    }
    if (Array.isArray(info.uncitedSentences) && info.uncitedSentences.length) {
      const list = h("ul", {}, info.uncitedSentences.map((sentence) => h("li", { text: sentence })));
      children.push(h("div", { className: "note note-warning", testid: "uncited-sentences" }, [h("p", { text: "These sentences cite no passage; check them before relying on them:" }), list]));
    }
    if (answer.citations && answer.citations.length) children.push(this.renderSources(answer.citations));
    if (answer.stopped) children.push(h("p", { className: "note note-stopped", testid: "stopped-note", text: "Stopped — the answer is incomplete." }));
    if (answer.error) children.push(this.errorAlert(answer.error));
    if (!answer.streaming && !answer.error && !answer.stopped && !abstained && info.mode) {
      const count = answer.citations?.length ?? 0;
      const mode = info.mode === "llm" ? "Written by the language model from the passages" : "Extracted from the documents";
      children.push(h("p", { className: "meta", text: `${mode} · ${count} source${count === 1 ? "" : "s"}` }));
    }
    this.bubble.replaceChildren(...children);
    if (state.active?.view === this) this.markActive(state.active.n);
    if (stickToBottom) scrollToBottom();
  }

  /** The error as a `role="alert"` element, kept across re-renders so it is announced once. */
  errorAlert(message) {
    if (this.alert?.dataset.message !== message) {
      this.alert = h("div", { className: "error", testid: "error", attrs: { role: "alert", "data-message": message } }, [
        h("p", { className: "error-title", text: "Something went wrong" }),
        h("p", { className: "error-text", text: message }),
      ]);
    }
    this.alert.querySelector(".retry")?.remove();
    if (this.onRetry) {
      const retry = h("button", { className: "button button-quiet retry", text: "Try again", testid: "retry-button", attrs: { type: "button" } });
      retry.addEventListener("click", () => this.onRetry?.());
      this.alert.append(retry);
    }
    return this.alert;
  }

  /** The answer text; `[n]` markers become chips (interactive once the citations are known). */
  renderText(text, interactive, streaming) {
    const paragraph = h("p", { className: `message-text answer-text${streaming ? " streaming" : ""}` });
    // Text between markers; the word before a chip, the chip and the punctuation after it are kept
    // on one line (a chip never wraps onto a line of its own).
    const pieces = text.split(MARKER);
    let group = null;
    for (let index = 0; index < pieces.length; index += 1) {
      let piece = pieces[index];
      if (index % 2 === 1) {
        group?.append(this.chip(Number(piece), interactive));
        continue;
      }
      if (group) {
        const punctuation = /^[.,;:!?)\]»”’]+/.exec(piece)?.[0] ?? "";
        if (punctuation) group.append(punctuation);
        piece = piece.slice(punctuation.length);
        if (piece) group = null;
      }
      if (index + 1 < pieces.length && !group) {
        const word = /\S* ?$/.exec(piece)?.[0] ?? "";
        const tail = word.length <= 40 ? word : "";
        if (piece.length > tail.length) paragraph.append(piece.slice(0, piece.length - tail.length));
        group = h("span", { className: "nowrap" }, [tail]);
        paragraph.append(group);
      } else if (piece) {
        (group ?? paragraph).append(piece);
      }
    }
    return paragraph;
  }

  chip(n, interactive) {
    const citation = this.citations.get(n);
    if (!interactive) return h("span", { className: "chip chip-pending", text: String(n), testid: "citation-marker", attrs: { "data-n": String(n) } });
    if (!citation) return h("span", { className: "chip chip-missing", text: String(n), testid: "citation-marker", attrs: { "data-n": String(n), title: "No source was returned for this marker" } });
    const button = h("button", {
      className: "chip",
      text: String(n),
      testid: "citation-chip",
      attrs: { type: "button", "data-n": String(n), "aria-label": `Source ${n}: ${citationLabel(citation)}`, "aria-controls": "source-panel" },
    });
    button.addEventListener("click", () => openSource(this, citation));
    return button;
  }

  renderSources(citations) {
    const list = h("ol", { className: "sources", testid: "source-list", attrs: { "aria-label": "Sources" } });
    for (const citation of [...citations].sort((a, b) => a.n - b.n)) {
      const button = h("button", { className: "source-item", testid: "source-item", attrs: { type: "button", "data-n": String(citation.n), "aria-controls": "source-panel" } }, [
        h("span", { className: "source-n", text: String(citation.n), attrs: { "aria-hidden": "true" } }),
        h("span", { className: "source-body" }, [
          h("span", { className: "source-name" }, [h("strong", { text: citation.title }), h("span", { className: "source-where", text: ` · ${citation.section} ¶${citation.paragraph}` })]),
          h("span", { className: "source-excerpt", text: supportingText(citation) }),
        ]),
      ]);
      button.setAttribute("aria-label", `Open source ${citation.n}: ${citationLabel(citation)}`);
      button.addEventListener("click", () => openSource(this, citation));
      list.append(h("li", {}, [button]));
    }
    return h("section", { className: "sources-block" }, [h("h3", { className: "sources-heading", text: "Sources" }), list]);
  }

  markActive(n) {
    for (const element of this.article.querySelectorAll("[data-n]")) {
      const on = n !== null && element.getAttribute("data-n") === String(n) && (element.matches("button.chip") || element.matches(".source-item"));
      element.classList.toggle("is-active", on);
      if (element.matches("button")) element.setAttribute("aria-expanded", String(on));
    }
  }
}

// ---------------------------------------------------------------- source panel

/** @type {HTMLElement | null} */
let panelOpener = null;

function openSource(view, citation) {
  hidePopover();
  const href = sourceHref(citation);
  if (state.active) state.active.view.markActive(null);
  state.active = { view, n: citation.n };
  view.markActive(citation.n);
  panelOpener = /** @type {HTMLElement | null} */ (document.activeElement instanceof HTMLElement ? document.activeElement : null);

  els.panelKicker.textContent = `Source ${citation.n} · ${citation.section} ¶${citation.paragraph}`;
  els.panelTitle.textContent = citation.title;
  els.panelOpen.href = href;
  els.panel.dataset.docId = citation.docId;
  els.panel.dataset.paragraphId = citation.id;
  // Assigning the same URL again would not re-run the highlight; a new URL navigates (or just re-targets the fragment).
  if (els.frame.getAttribute("src") !== href) els.frame.setAttribute("src", href);
  else els.frame.contentWindow?.location.replace(href);
  els.panel.hidden = false;
  els.app.classList.add("has-source");
  els.panelTitle.focus({ preventScroll: true });
}

function closeSource() {
  if (els.panel.hidden) return;
  els.panel.hidden = true;
  els.app.classList.remove("has-source");
  if (state.active) state.active.view.markActive(null);
  state.active = null;
  if (panelOpener?.isConnected) panelOpener.focus({ preventScroll: true });
  panelOpener = null;
}

els.panelClose.addEventListener("click", closeSource);
window.addEventListener("message", (event) => {
  if (event.origin === location.origin && event.data?.type === CLOSE_MESSAGE) closeSource();
});

// ---------------------------------------------------------------- citation popover

/** @type {HTMLElement | null} */
let popoverFor = null;
let popoverTimer = 0;

function citationForChip(chip) {
  const article = chip.closest(".message-assistant");
  const view = article && views.get(article);
  return view?.citations.get(Number(chip.getAttribute("data-n"))) ?? null;
}

function showPopover(chip) {
  clearTimeout(popoverTimer);
  const citation = citationForChip(chip);
  if (!citation) return;
  if (popoverFor !== chip) {
    els.popover.replaceChildren(
      h("p", { className: "popover-title" }, [h("span", { className: "popover-n", text: String(citation.n) }), h("strong", { text: citation.title }), ` · ${citation.section} ¶${citation.paragraph}`]),
      h("p", { className: "popover-text" }, [passageWithHighlights(citation.text, citation.highlights)]),
      h("p", { className: "popover-hint", text: "Click to open the paragraph in its document" }),
    );
  }
  popoverFor?.removeAttribute("aria-describedby");
  popoverFor = chip;
  chip.setAttribute("aria-describedby", "popover");
  els.popover.hidden = false;
  const rect = chip.getBoundingClientRect();
  const width = els.popover.offsetWidth;
  const height = els.popover.offsetHeight;
  const left = Math.min(Math.max(8, rect.left + rect.width / 2 - width / 2), window.innerWidth - width - 8);
  const below = rect.bottom + 8;
  const top = below + height > window.innerHeight - 8 && rect.top - height - 8 > 8 ? rect.top - height - 8 : below;
  els.popover.style.left = `${Math.max(8, left)}px`;
  els.popover.style.top = `${top}px`;
}

function hidePopover() {
  clearTimeout(popoverTimer);
  els.popover.hidden = true;
  popoverFor?.removeAttribute("aria-describedby");
  popoverFor = null;
}

function hidePopoverSoon() {
  clearTimeout(popoverTimer);
  popoverTimer = window.setTimeout(hidePopover, 150);
}

const chipOf = (target) => (target instanceof Element ? /** @type {HTMLElement | null} */ (target.closest("button.chip")) : null);
els.messages.addEventListener("pointerover", (event) => {
  const chip = chipOf(event.target);
  if (chip && event.pointerType !== "touch") showPopover(chip);
});
els.messages.addEventListener("pointerout", (event) => {
  if (chipOf(event.target)) hidePopoverSoon();
});
els.messages.addEventListener("focusin", (event) => {
  const chip = chipOf(event.target);
  if (chip?.matches(":focus-visible")) showPopover(chip);
});
els.messages.addEventListener("focusout", (event) => {
  if (chipOf(event.target)) hidePopoverSoon();
});
els.popover.addEventListener("pointerenter", () => clearTimeout(popoverTimer));
els.popover.addEventListener("pointerleave", hidePopoverSoon);
els.conversation.addEventListener("scroll", hidePopover, { passive: true });
window.addEventListener("resize", hidePopover);

// ---------------------------------------------------------------- streaming

/** @type {WeakMap<Element, AssistantView>} */
const views = new WeakMap();

class HttpError extends Error {}

async function httpError(response) {
  let message = `The server answered ${response.status} ${response.statusText}`.trim();
  try {
    const body = await response.json();
    if (typeof body?.error?.message === "string") message = body.error.message;
    else if (typeof body?.error === "string") message = body.error;
  } catch {
    // Not JSON: keep the status line.
  }
  if (response.status === 429) message = `${message} (too many requests — wait a moment and try again)`;
  return new HttpError(message);
}

/**
 * Reads an SSE body incrementally and calls `onChunk` with every JSON `data:` payload until `[DONE]`.
 * @param {ReadableStream<Uint8Array>} body
 * @param {(chunk: any) => void} onChunk
 */
async function readEventStream(body, onChunk) {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let buffer = "";
  const dispatch = (block) => {
    const data = block
      .split(/\r?\n/)
      .filter((line) => line.startsWith("data:"))
      .map((line) => line.slice(5).replace(/^ /, ""))
      .join("\n");
    if (!data) return false;
    if (data === "[DONE]") return true;
    let chunk;
    try {
      chunk = JSON.parse(data);
    } catch {
      console.warn("Ignoring a malformed stream event:", data.slice(0, 200));
      return false;
    }
    onChunk(chunk);
    return false;
  };
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      buffer += decoder.decode(value, { stream: true });
      for (let boundary = /\r?\n\r?\n/.exec(buffer); boundary; boundary = /\r?\n\r?\n/.exec(buffer)) {
        const block = buffer.slice(0, boundary.index);
        buffer = buffer.slice(boundary.index + boundary[0].length);
        if (dispatch(block)) return;
      }
    }
    buffer += decoder.decode();
    if (buffer.trim()) dispatch(buffer);
  } finally {
    reader.releaseLock();
  }
}

/** @param {AnswerState} answer */
function applyChunk(answer, chunk) {
  switch (chunk?.type) {
    case "text-start":
      if (!answer.parts.some((part) => part.id === chunk.id)) answer.parts.push({ id: String(chunk.id), text: "" });
      return false;
    case "text-delta": {
      let part = answer.parts.find((candidate) => candidate.id === chunk.id);
      if (!part) answer.parts.push((part = { id: String(chunk.id), text: "" }));
      part.text += typeof chunk.delta === "string" ? chunk.delta : "";
      return true;
    }
    case "data-citations":
      answer.citations = Array.isArray(chunk.data) ? chunk.data.filter((citation) => citation && typeof citation.text === "string" && Number.isInteger(citation.n)) : [];
      return true;
    case "data-answer":
      answer.info = chunk.data && typeof chunk.data === "object" ? chunk.data : null;
      return true;
    case "error":
      answer.error = typeof chunk.errorText === "string" && chunk.errorText ? chunk.errorText : "The answer could not be completed.";
      return true;
    case "abort":
      answer.stopped = true;
      return true;
    case "finish":
      answer.finished = true;
      return false;
    default:
      // start, start-step, text-end, source-url (the same data arrives in data-citations), finish-step.
      return false;
  }
}

/** The conversation as UIMessages, trimmed to its latest turns. */
function requestBody() {
  const messages = state.history.slice(-MAX_HISTORY_MESSAGES);
  while (messages.length > 1 && messages[0].role !== "user") messages.shift();
  const body = () => JSON.stringify({ id: state.chatId, messages: messages.map(({ id, role, text }) => ({ id, role, parts: [{ type: "text", text }] })) });
  let json = body();
  while (json.length > MAX_BODY_CHARS && messages.length > 1) {
    messages.shift();
    json = body();
  }
  return json;
}

function setBusy(busy) {
  const hadFocus = document.activeElement === els.input || document.activeElement === els.stop || document.activeElement === els.send;
  els.input.disabled = busy;
  els.send.hidden = busy;
  els.stop.hidden = !busy;
  els.form.classList.toggle("is-busy", busy);
  els.messages.setAttribute("aria-busy", String(busy));
  if (hadFocus || document.activeElement === document.body) (busy ? els.stop : els.input).focus({ preventScroll: true });
}

/** Streams the answer to the conversation's last user message into a new assistant message. */
async function runTurn() {
  const view = new AssistantView();
  views.set(view.article, view);
  /** @type {AnswerState} */
  const answer = { parts: [], citations: null, info: null, error: null, finished: false, stopped: false, streaming: true };
  const controller = new AbortController();
  // "New chat" replaces the history while this turn may still be finishing; it only writes to its own.
  const history = state.history;
  state.streaming = { controller };
  for (const button of els.messages.querySelectorAll("[data-testid=retry-button]")) button.remove();
  setBusy(true);
  view.render(answer);
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
    if (!frame) frame = requestAnimationFrame(() => ((frame = 0), view.render(answer)));
  };

  try {
    arm();
    const response = await fetch("/api/chat", {
      method: "POST",
      headers: { "Content-Type": "application/json", Accept: "text/event-stream" },
      body: requestBody(),
      signal: controller.signal,
    });
    if (!response.ok) throw await httpError(response);
    if (!response.body || !/text\/event-stream/i.test(response.headers.get("Content-Type") ?? "")) {
      throw new HttpError(`Unexpected response from the server (${response.headers.get("Content-Type") || "no content type"}).`);
    }
    await readEventStream(response.body, (chunk) => {
      arm();
      if (applyChunk(answer, chunk)) renderSoon();
    });
    if (!answer.finished && !answer.error && !answer.stopped) answer.error = "The connection closed before the answer was complete.";
  } catch (error) {
    if (controller.signal.aborted && !timedOut) answer.stopped = true;
    else if (timedOut) answer.error = `No response from the server for ${IDLE_TIMEOUT_MS / 1000} seconds, so the request was cancelled.`;
    else if (error instanceof HttpError) answer.error = error.message;
    else answer.error = `Could not reach the server: ${error instanceof Error ? error.message : String(error)}. Check that it is still running.`;
  } finally {
    clearTimeout(timer);
    cancelAnimationFrame(frame);
  }

  answer.streaming = false;
  const text = (answer.info?.notice && answer.parts.length > 1 ? answer.parts.slice(-1) : answer.parts).map((part) => part.text).join("\n").trim();
  if (text) history.push({ id: uid(), role: "assistant", text });
  if (answer.error && !text) {
    view.onRetry = () => {
      if (state.streaming) return;
      view.article.remove();
      void runTurn();
    };
  }
  state.streaming = null;
  view.render(answer);
  setBusy(false);
}

function ask(question) {
  if (state.streaming) return;
  state.history.push({ id: uid(), role: "user", text: question });
  appendUserMessage(question);
  void runTurn();
}

// ---------------------------------------------------------------- composer

function updateComposer() {
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
  if (state.streaming) return;
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
els.stop.addEventListener("click", () => state.streaming?.controller.abort());

els.newChat.addEventListener("click", () => {
  state.streaming?.controller.abort();
  closeSource();
  hidePopover();
  state.chatId = uid();
  state.history = [];
  for (const message of els.messages.querySelectorAll(".message")) message.remove();
  els.emptyState.hidden = false;
  els.input.value = "";
  updateComposer();
  els.input.focus();
});

document.addEventListener("keydown", (event) => {
  if (event.key !== "Escape") return;
  if (!els.popover.hidden) hidePopover();
  else if (!els.panel.hidden) closeSource();
});

// ---------------------------------------------------------------- start

async function loadStatus() {
  try {
    const response = await fetch("/health", { headers: { Accept: "application/json" } });
    if (!response.ok) return;
    const health = await response.json();
    if (!Number.isInteger(health?.documents)) return;
    const answers = health.answers === "llm" ? "answers written by a local language model" : "extractive answers";
    els.status.textContent = `${health.documents} document${health.documents === 1 ? "" : "s"} · ${health.paragraphs} paragraphs · ${answers}`;
  } catch {
    // The subtitle keeps its default text.
  }
}

updateComposer();
void loadStatus();
els.input.focus();
document.documentElement.classList.add("js-ready");
