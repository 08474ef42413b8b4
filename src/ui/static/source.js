// The standalone document page (/sources/:docId). The paragraph named by the URL fragment is the
// cited one: it gets the `is-cited` class, its supporting sentence(s) a <mark class="support">, and
// it is scrolled into view. The server marks one `hl=<paragraph>:<start>-<end>` range; when the URL
// carries several `hl` ranges the server marks none, so they are marked here.
// Embedded in the chat page's panel (same origin), the page drops its own chrome and Escape asks
// the chat page to close the panel.

(() => {
  const CLOSE_MESSAGE = "cited-docs:close-source";
  const embedded = window.parent !== window;
  if (embedded) document.documentElement.classList.add("embedded");

  function targetElement() {
    const hash = location.hash.slice(1);
    if (!hash) return null;
    let id = hash;
    try {
      id = decodeURIComponent(hash);
    } catch {
      // A malformed escape: use the fragment as it is.
    }
    const element = document.getElementById(id);
    return element && element.classList.contains("passage") ? element : null;
  }

  /** `hl` ranges of this paragraph from the query string, valid and non-overlapping. */
  function rangesFor(paragraph, length) {
    const ranges = [];
    for (const value of new URLSearchParams(location.search).getAll("hl")) {
      const match = /^(.+):(\d{1,7})-(\d{1,7})$/.exec(value);
      if (!match || match[1] !== paragraph.id) continue;
      const start = Number(match[2]);
      const end = Number(match[3]);
      if (end > start && end <= length) ranges.push({ start, end });
    }
    ranges.sort((a, b) => a.start - b.start);
    return ranges.filter((range, index) => index === 0 || range.start >= ranges[index - 1].end);
  }

  /** The paragraph's own text nodes (not the ¶ permalink). */
  function textNodes(paragraph) {
    const walker = document.createTreeWalker(paragraph, NodeFilter.SHOW_TEXT, {
      acceptNode: (node) => (node.parentElement?.closest(".permalink") ? NodeFilter.FILTER_REJECT : NodeFilter.FILTER_ACCEPT),
    });
    const nodes = [];
    for (let node = walker.nextNode(); node; node = walker.nextNode()) nodes.push(node);
    return nodes;
  }

  function markRanges(paragraph) {
    if (paragraph.querySelector("mark.support")) return;
    const nodes = textNodes(paragraph);
    const length = nodes.reduce((sum, node) => sum + node.data.length, 0);
    // Last range first, so the offsets of the earlier ones stay valid while text nodes are split.
    for (const range of rangesFor(paragraph, length).reverse()) {
      let offset = 0;
      for (const node of textNodes(paragraph)) {
        const nodeStart = offset;
        offset += node.data.length;
        if (range.start < nodeStart || range.end > offset) continue;
        const dom = document.createRange();
        dom.setStart(node, range.start - nodeStart);
        dom.setEnd(node, range.end - nodeStart);
        const mark = document.createElement("mark");
        mark.className = "support";
        dom.surroundContents(mark);
        break;
      }
    }
  }

  /** Scrolls only this document (never the embedding page) so the paragraph sits in the upper third. */
  function reveal(element) {
    const rect = element.getBoundingClientRect();
    const room = window.innerHeight - rect.height;
    const top = window.scrollY + rect.top - Math.max(16, Math.min(room / 3, 160));
    window.scrollTo({ top: Math.max(0, top), behavior: "instant" });
  }

  function showTarget() {
    for (const element of document.querySelectorAll(".passage.is-cited")) element.classList.remove("is-cited");
    const paragraph = targetElement();
    if (!paragraph) return;
    markRanges(paragraph);
    paragraph.classList.add("is-cited");
    paragraph.setAttribute("tabindex", "-1");
    reveal(paragraph);
  }

  window.addEventListener("hashchange", showTarget);
  // Layout can still shift after DOMContentLoaded (late styles); reveal again once everything has loaded.
  window.addEventListener("load", () => {
    const paragraph = targetElement();
    if (paragraph) reveal(paragraph);
  });
  if (embedded) {
    document.addEventListener("keydown", (event) => {
      if (event.key === "Escape") window.parent.postMessage({ type: CLOSE_MESSAGE }, location.origin);
    });
  }
  showTarget();
  document.documentElement.classList.add("js-ready");
})();
