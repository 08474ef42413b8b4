import type { Citation } from "../../answer/types.js";
import { byId, h } from "./dom.js";
import { passageWithHighlights } from "./citations.js";

const popover = byId("popover");
let shownFor: HTMLElement | null = null;
let timer = 0;

/** Shows the cited passage next to its chip. */
export function showPopover(chip: HTMLElement, citation: Citation): void {
  clearTimeout(timer);
  if (shownFor !== chip) {
    popover.replaceChildren(
      h("p", { className: "popover-title" }, [h("span", { className: "popover-n", text: String(citation.n) }), h("strong", { text: citation.title }), ` · ${citation.section} ¶${citation.paragraph}`]),
      h("p", { className: "popover-text" }, [passageWithHighlights(citation.text, citation.highlights)]),
      h("p", { className: "popover-hint", text: "Click to open the paragraph in its document" }),
    );
  }
  shownFor?.removeAttribute("aria-describedby");
  shownFor = chip;
  chip.setAttribute("aria-describedby", "popover");
  popover.hidden = false;
  const rect = chip.getBoundingClientRect();
  const width = popover.offsetWidth;
  const height = popover.offsetHeight;
  const left = Math.min(Math.max(8, rect.left + rect.width / 2 - width / 2), window.innerWidth - width - 8);
  const below = rect.bottom + 8;
  const top = below + height > window.innerHeight - 8 && rect.top - height - 8 > 8 ? rect.top - height - 8 : below;
  popover.style.left = `${Math.max(8, left)}px`;
  popover.style.top = `${top}px`;
}

export function hidePopover(): void {
  clearTimeout(timer);
  popover.hidden = true;
  shownFor?.removeAttribute("aria-describedby");
  shownFor = null;
}

export function hidePopoverSoon(): void {
  clearTimeout(timer);
  timer = window.setTimeout(hidePopover, 150);
}

export function isPopoverShown(): boolean {
  return !popover.hidden;
}

popover.addEventListener("pointerenter", () => clearTimeout(timer));
popover.addEventListener("pointerleave", hidePopoverSoon);
window.addEventListener("resize", hidePopover);
