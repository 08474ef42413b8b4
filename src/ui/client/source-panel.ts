import type { Citation } from "../../answer/types.js";
import { byId } from "./dom.js";
import { citationLabel, sourceHref } from "./citations.js";

/** The message a source document in the frame posts to ask the chat to close it. */
const CLOSE_MESSAGE = "cited-docs:close-source";

/** What owns the chips of a cited paragraph: it highlights the active one. */
export interface CitationOwner {
  markActive(n: number | null): void;
}

const app = byId("app");
const panel = byId("source-panel");
const title = byId("source-title");
const kicker = byId("source-kicker");
const openLink = byId<HTMLAnchorElement>("source-open");
const frame = byId<HTMLIFrameElement>("source-frame");

let active: { owner: CitationOwner; n: number } | null = null;
let opener: HTMLElement | null = null;
const listeners = new Set<() => void>();

/** Called whenever a source opens (the popover hides itself). */
export function onSourceOpen(listener: () => void): void {
  listeners.add(listener);
}

/** The chip number shown in the panel for this owner, if any. */
export function activeFor(owner: CitationOwner): number | null {
  return active?.owner === owner ? active.n : null;
}

/** Opens the cited paragraph in its document beside the chat, highlighted and scrolled into view. */
export function openSource(owner: CitationOwner, citation: Citation): void {
  for (const listener of listeners) listener();
  const href = sourceHref(citation);
  active?.owner.markActive(null);
  active = { owner, n: citation.n };
  owner.markActive(citation.n);
  opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;

  kicker.textContent = `Source ${citation.n} · ${citation.section} ¶${citation.paragraph}`;
  title.textContent = citation.title;
  openLink.href = href;
  openLink.setAttribute("aria-label", `Open ${citationLabel(citation)} in a new tab`);
  panel.dataset.docId = citation.docId;
  panel.dataset.paragraphId = citation.id;
  // Assigning the same URL again would not re-run the highlight; a new URL navigates (or just re-targets the fragment).
  if (frame.getAttribute("src") !== href) frame.setAttribute("src", href);
  else frame.contentWindow?.location.replace(href);
  panel.hidden = false;
  app.classList.add("has-source");
  title.focus({ preventScroll: true });
}

export function closeSource(): void {
  if (panel.hidden) return;
  panel.hidden = true;
  app.classList.remove("has-source");
  active?.owner.markActive(null);
  active = null;
  if (opener?.isConnected) opener.focus({ preventScroll: true });
  opener = null;
}

export function isSourceOpen(): boolean {
  return !panel.hidden;
}

byId("source-close").addEventListener("click", closeSource);
window.addEventListener("message", (event: MessageEvent<unknown>) => {
  const data = event.data as { type?: unknown } | null;
  if (event.origin === location.origin && data?.type === CLOSE_MESSAGE) closeSource();
});
