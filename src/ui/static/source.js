// The standalone document page (/sources/:docId). The passage named by the URL fragment is the
// cited one: it gets the `is-cited` class and is scrolled into view. A passage may be rendered as
// several elements (part of a long list: its items); the first carries the id and all carry
// `data-passage`. The server has already marked the supporting sentences given by
// `hl=<paragraph>:<start>-<end>` as <mark class="support">.
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

  /** Scrolls only this document (never the embedding page) so the paragraph sits in the upper third. */
  function reveal(element) {
    const rect = element.getBoundingClientRect();
    const room = window.innerHeight - rect.height;
    const top = window.scrollY + rect.top - Math.max(16, Math.min(room / 3, 160));
    window.scrollTo({ top: Math.max(0, top), behavior: "instant" });
  }

  /** Every element of the passage whose first element is given. */
  function partsOf(element) {
    const id = element.getAttribute("data-passage");
    if (!id) return [element];
    return [...document.querySelectorAll(".passage[data-passage]")].filter((part) => part.getAttribute("data-passage") === id);
  }

  function showTarget() {
    for (const element of document.querySelectorAll(".passage.is-cited")) element.classList.remove("is-cited");
    const paragraph = targetElement();
    if (!paragraph) return;
    for (const part of partsOf(paragraph)) part.classList.add("is-cited");
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
