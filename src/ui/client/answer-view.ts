import type { Citation } from "../../answer/types.js";
import type { AnswerInfo, ChatUIMessage } from "../../chat/chat-message.js";
import { abstentionHint } from "./abstention-hint.js";
import { answerBlocks } from "./answer-markdown.js";
import { answerAsText, citationLabel, supportingText } from "./citations.js";
import { h } from "./dom.js";
import { activeFor, openSource, type CitationOwner } from "./source-panel.js";

const MARKER = /\[(\d{1,3})\]/g;

/** How the turn that produced a message is going; not part of the message, so not stored. */
export interface TurnState {
  streaming: boolean;
  /** The server said the language model is writing (a transient status part). */
  writing: boolean;
  error: string | null;
  stopped: boolean;
}

export const SETTLED: TurnState = { streaming: false, writing: false, error: null, stopped: false };

export function textOf(message: ChatUIMessage | undefined): string {
  return (message?.parts ?? []).map((part) => (part.type === "text" ? part.text : "")).join("");
}

export function citationsOf(message: ChatUIMessage | undefined): Citation[] | null {
  const part = message?.parts.find((candidate) => candidate.type === "data-citations");
  return part?.type === "data-citations" ? part.data : null;
}

export function answerInfoOf(message: ChatUIMessage | undefined): AnswerInfo | null {
  const part = message?.parts.find((candidate) => candidate.type === "data-answer");
  return part?.type === "data-answer" ? part.data : null;
}

/** Finds the view that rendered a chip (the popover asks). */
const views = new WeakMap<Element, AnswerView>();
export function viewOf(element: Element): AnswerView | undefined {
  const article = element.closest(".message-assistant");
  return article ? views.get(article) : undefined;
}

/** One assistant message in the conversation, re-rendered from its parts as they stream in. */
export class AnswerView implements CitationOwner {
  readonly article = h("article", { className: "message message-assistant", testid: "message-assistant", attrs: { "aria-label": "Assistant answer" } });
  private readonly bubble = h("div", { className: "bubble" });
  citations = new Map<number, Citation>();
  onRetry: (() => void) | null = null;
  private alert: HTMLElement | null = null;

  constructor(container: HTMLElement) {
    this.article.append(h("div", { className: "avatar", text: "¶", attrs: { "aria-hidden": "true" } }), this.bubble);
    views.set(this.article, this);
    container.append(this.article);
  }

  render(message: ChatUIMessage | undefined, turn: TurnState): void {
    const info = answerInfoOf(message);
    const citations = citationsOf(message);
    const text = textOf(message);
    const abstained = info?.abstained === true;
    this.citations = new Map((citations ?? []).map((citation) => [citation.n, citation]));
    this.article.classList.toggle("abstained", abstained);
    this.article.classList.toggle("is-streaming", turn.streaming);
    this.article.setAttribute("aria-busy", String(turn.streaming));
    if (abstained) this.bubble.dataset.testid = "abstention";
    else delete this.bubble.dataset.testid;

    const children: (Node | null)[] = [];
    if (abstained) children.push(h("p", { className: "abstention-label" }, [h("span", { className: "abstention-icon", text: "∅", attrs: { "aria-hidden": "true" } }), "No answer in the documents"]));
    if (text) children.push(this.renderText(text, citations !== null, turn.streaming));
    else if (turn.streaming) {
      const status = turn.writing ? "The language model is writing; its answer is shown once its citations are checked…" : "Searching the documents…";
      children.push(h("p", { className: "thinking", testid: "thinking" }, [h("span", { className: "dots", attrs: { "aria-hidden": "true" } }, [h("i"), h("i"), h("i")]), status]));
    }
    if (abstained) children.push(h("p", { className: "abstention-hint", text: abstentionHint(info?.notMentioned) }));
    if (info?.notice) children.push(h("p", { className: "note note-notice", testid: "answer-notice", text: info.notice }));
    if (info?.removedMarkers?.length) {
      children.push(h("p", { className: "note note-warning", testid: "removed-markers", text: `Removed citation markers that pointed at no passage: ${info.removedMarkers.map((n) => `[${n}]`).join(", ")}.` }));
    }
    if (info?.uncitedSentences?.length) {
      const count = info.uncitedSentences.length;
      children.push(h("p", { className: "note note-warning", testid: "uncited-sentences", text: `${count} sentence${count === 1 ? "" : "s"} of the language model's answer cited no passage and ${count === 1 ? "was" : "were"} left out.` }));
    }
    if (citations?.length) children.push(this.renderSources(citations));
    if (turn.stopped) children.push(h("p", { className: "note note-stopped", testid: "stopped-note", text: "Stopped — the answer is incomplete." }));
    if (turn.error) children.push(this.errorAlert(turn.error));
    if (!turn.streaming && text) children.push(this.footer(text, citations ?? [], info, turn));
    this.bubble.replaceChildren(...children.filter((child): child is Node => child !== null));
    this.markActive(activeFor(this));
  }

  private footer(text: string, citations: Citation[], info: AnswerInfo | null, turn: TurnState): HTMLElement {
    const copy = h("button", { className: "button button-quiet copy", text: "Copy", testid: "copy-button", attrs: { type: "button", "aria-label": "Copy the answer and its sources" } });
    copy.addEventListener("click", () => {
      void navigator.clipboard.writeText(answerAsText(text, citations, location.origin)).then(
        () => (copy.textContent = "Copied"),
        () => (copy.textContent = "Copy failed"),
      );
    });
    const parts: Node[] = [copy];
    if (!turn.error && !turn.stopped && info && !info.abstained) {
      const mode = info.mode === "llm" ? "Written by the language model from the passages" : "Extracted from the documents";
      parts.unshift(h("span", { text: `${mode} · ${citations.length} source${citations.length === 1 ? "" : "s"}` }));
    }
    return h("div", { className: "meta" }, parts);
  }

  /** The error as a `role="alert"` element, kept across re-renders so it is announced once. */
  private errorAlert(message: string): HTMLElement {
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

  /** The answer text (its Markdown rendered); `[n]` markers become chips (interactive once the citations are known). */
  private renderText(text: string, interactive: boolean, streaming: boolean): HTMLElement {
    const body = h("div", { className: `answer-body${streaming ? " streaming" : ""}`, testid: "answer-body" });
    body.append(...answerBlocks(text, (parent, run) => this.appendWithChips(parent, run, interactive)));
    return body;
  }

  /** A run of text with its markers as chips; the word before a chip, the chip and the punctuation after it stay on one line. */
  private appendWithChips(parent: HTMLElement, text: string, interactive: boolean): void {
    const pieces = text.split(MARKER);
    let group: HTMLElement | null = null;
    for (let index = 0; index < pieces.length; index += 1) {
      let piece = pieces[index] ?? "";
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
        if (piece.length > tail.length) parent.append(piece.slice(0, piece.length - tail.length));
        group = h("span", { className: "nowrap" }, [tail]);
        parent.append(group);
      } else if (piece) {
        (group ?? parent).append(piece);
      }
    }
  }

  private chip(n: number, interactive: boolean): HTMLElement {
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

  private renderSources(citations: Citation[]): HTMLElement {
    const list = h("ol", { className: "sources", testid: "source-list", attrs: { "aria-label": "Sources" } });
    for (const citation of [...citations].sort((a, b) => a.n - b.n)) {
      const button = h("button", { className: "source-item", testid: "source-item", attrs: { type: "button", "data-n": String(citation.n), "aria-controls": "source-panel", "aria-label": `Open source ${citation.n}: ${citationLabel(citation)}` } }, [
        h("span", { className: "source-n", text: String(citation.n), attrs: { "aria-hidden": "true" } }),
        h("span", { className: "source-body" }, [
          h("span", { className: "source-name" }, [h("strong", { text: citation.title }), h("span", { className: "source-where", text: ` · ${citation.section} ¶${citation.paragraph}` })]),
          h("span", { className: "source-excerpt", text: supportingText(citation) }),
        ]),
      ]);
      button.addEventListener("click", () => openSource(this, citation));
      list.append(h("li", {}, [button]));
    }
    return h("section", { className: "sources-block" }, [h("h3", { className: "sources-heading", text: "Sources" }), list]);
  }

  markActive(n: number | null): void {
    for (const element of this.article.querySelectorAll("[data-n]")) {
      const on = n !== null && element.getAttribute("data-n") === String(n) && (element.matches("button.chip") || element.matches(".source-item"));
      element.classList.toggle("is-active", on);
      if (element.matches("button")) element.setAttribute("aria-expanded", String(on));
    }
  }
}
