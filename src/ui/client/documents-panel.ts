// The documents panel, opened from the header: every corpus file with its status (indexed,
// pending, skipped and why), counts, indexing progress, uploads by picker or drag and drop, and
// deletes with a confirmation. It polls GET /documents, quickly while the server is indexing.
import { formatProgress } from "../../live/indexing-progress.js";
import { deleteDocument, fetchDocuments, storedToken, storeToken, uploadDocument, WriteError, type DocumentEntry, type DocumentList } from "./documents-api.js";
import { renderDocumentList } from "./documents-list.js";
import { byId, h } from "./dom.js";

const BUSY_POLL_MS = 1_000;
const IDLE_POLL_MS = 10_000;
/** Notes about uploads and deletes stay this long (errors until the next action). */
const NOTE_MS = 8_000;

const els = {
  toggle: byId<HTMLButtonElement>("documents-toggle"),
  panel: byId("documents-panel"),
  title: byId("documents-title"),
  counts: byId("documents-counts"),
  progress: byId("documents-progress"),
  progressText: byId("documents-progress-text"),
  progressBar: byId<HTMLProgressElement>("documents-progress-bar"),
  messages: byId("documents-messages"),
  tokenForm: byId<HTMLFormElement>("documents-token"),
  tokenInput: byId<HTMLInputElement>("documents-token-input"),
  drop: byId("documents-drop"),
  pick: byId<HTMLButtonElement>("documents-pick"),
  file: byId<HTMLInputElement>("documents-file"),
  readOnly: byId("documents-read-only"),
  list: byId("documents-list"),
};

let current: DocumentList | undefined;
let shown = "";
let confirming: string | null = null;
let timer = 0;
let lastUpdateAt: string | undefined;
let onIndexChanged: () => void = () => {};

function note(kind: "ok" | "error" | "warning", text: string): void {
  const item = h("p", { className: `documents-note note-${kind}`, text, testid: `documents-${kind}` });
  els.messages.append(item);
  if (kind === "ok") window.setTimeout(() => item.remove(), NOTE_MS);
}

function clearNotes(): void {
  els.messages.replaceChildren();
}

const isBusy = (list: DocumentList | undefined) => !list || list.indexing.state !== "idle" || list.documents.some((entry) => entry.status === "pending");

function renderProgress({ indexing }: DocumentList): void {
  const busy = indexing.state !== "idle";
  els.progress.hidden = !busy;
  if (!busy) return;
  const { progress } = indexing;
  els.progressText.textContent = progress ? `Indexing: ${formatProgress(progress)}` : "Indexing…";
  // Without counts the bar is indeterminate (no value attribute).
  if (progress && progress.total > 0) {
    els.progressBar.max = progress.total;
    els.progressBar.value = progress.done;
  } else els.progressBar.removeAttribute("value");
}

function renderCounts(entries: DocumentEntry[]): void {
  const count = (status: DocumentEntry["status"]) => entries.filter((entry) => entry.status === status).length;
  const passages = entries.reduce((sum, entry) => sum + (entry.status === "indexed" ? entry.passages : 0), 0);
  const indexed = count("indexed");
  const parts = [`${indexed} document${indexed === 1 ? "" : "s"} indexed`, `${passages} passages`, `${count("skipped")} skipped`];
  if (count("pending") > 0) parts.push(`${count("pending")} pending`);
  els.counts.textContent = parts.join(" · ");
}

function render(): void {
  if (!current) return;
  const { documents, indexing, writes } = current;
  renderProgress(current);
  renderCounts(documents);
  els.panel.dataset.writes = writes;
  els.drop.hidden = writes === "read-only";
  els.readOnly.hidden = writes !== "read-only";
  els.tokenForm.hidden = writes !== "token";
  const warnings = [...indexing.warnings, ...(indexing.lastError && (!indexing.lastUpdate || indexing.lastError.at > indexing.lastUpdate.at) ? [`The last index update failed (${indexing.lastError.message}); the previous index keeps answering.`] : [])];
  // Re-rendered only when something changed, so focus and a pending confirmation are not disturbed by polling.
  const next = JSON.stringify([documents, writes, confirming, warnings]);
  if (next === shown) return;
  shown = next;
  const focused = document.activeElement instanceof HTMLElement ? document.activeElement.dataset.focusKey : undefined;
  renderDocumentList(els.list, documents, {
    canDelete: writes !== "read-only",
    confirming,
    askDelete: confirmDelete,
    remove: (entry) => void remove(entry),
  });
  for (const stale of els.panel.querySelectorAll(".documents-warning")) stale.remove();
  for (const warning of warnings) els.list.before(h("p", { className: "documents-note note-warning documents-warning", text: warning }));
  if (focused) els.list.querySelector<HTMLElement>(`[data-focus-key="${CSS.escape(focused)}"]`)?.focus();
}

/** Shows (id) or withdraws (null) the confirmation of a delete, keeping the focus on that row: Cancel, or Delete again. */
function confirmDelete(id: string | null): void {
  const previous = confirming;
  confirming = id;
  render();
  const key = id ? `cancel:${id}` : `delete:${previous ?? ""}`;
  els.list.querySelector<HTMLElement>(`[data-focus-key="${CSS.escape(key)}"]`)?.focus();
}

/** Fetches the list and schedules the next poll: quickly while indexing, slowly while the panel is open, not at all otherwise. */
async function refresh(): Promise<void> {
  window.clearTimeout(timer);
  try {
    current = await fetchDocuments();
    const at = current.indexing.lastUpdate?.at;
    if (at && at !== lastUpdateAt) {
      if (lastUpdateAt !== undefined) onIndexChanged();
      lastUpdateAt = at;
    }
    render();
  } catch (error) {
    els.counts.textContent = error instanceof Error ? error.message : String(error);
  }
  const busy = isBusy(current);
  // Cleared again: a refresh that ran meanwhile (after an upload) may have scheduled one; one poll chain only.
  window.clearTimeout(timer);
  if (busy || !els.panel.hidden) timer = window.setTimeout(() => void refresh(), busy ? BUSY_POLL_MS : IDLE_POLL_MS);
}

function reportWriteError(subject: string, error: unknown): void {
  note("error", `${subject}: ${error instanceof Error ? error.message : String(error)}`);
  if (error instanceof WriteError && error.status === 401) {
    els.tokenForm.hidden = false;
    els.tokenInput.focus();
  }
}

async function upload(files: File[]): Promise<void> {
  if (files.length === 0) return;
  clearNotes();
  for (const file of files) {
    try {
      const entry = await uploadDocument(file);
      note("ok", `Added ${entry.relativePath}; it is being indexed.`);
    } catch (error) {
      reportWriteError(file.name, error);
    }
  }
  await refresh();
}

async function remove(entry: DocumentEntry): Promise<void> {
  clearNotes();
  confirming = null;
  try {
    await deleteDocument(entry.id);
    note("ok", `Deleted ${entry.relativePath}.`);
  } catch (error) {
    reportWriteError(`Deleting ${entry.relativePath}`, error);
  }
  await refresh();
  els.title.focus({ preventScroll: true });
}

function setOpen(open: boolean): void {
  els.panel.hidden = !open;
  els.toggle.setAttribute("aria-expanded", String(open));
  if (open) {
    els.title.focus({ preventScroll: true });
    void refresh();
  } else {
    confirming = null;
    els.toggle.focus({ preventScroll: true });
  }
}

/** Wires the panel to the page; `changed` runs whenever an index update has been swapped in. */
export function initDocumentsPanel({ changed }: { changed?: () => void } = {}): void {
  onIndexChanged = changed ?? onIndexChanged;
  els.toggle.addEventListener("click", () => setOpen(els.panel.hidden));
  byId("documents-close").addEventListener("click", () => setOpen(false));
  els.panel.addEventListener("keydown", (event) => {
    if (event.key !== "Escape") return;
    // Handled here, so the page's own Escape (popover, source, chats) does not also run.
    event.stopPropagation();
    if (confirming) confirmDelete(null);
    else setOpen(false);
  });
  els.pick.addEventListener("click", () => els.file.click());
  els.file.addEventListener("change", () => {
    const files = [...(els.file.files ?? [])];
    els.file.value = "";
    void upload(files);
  });
  // The whole panel takes drops; the drop zone shows that it will.
  const dragging = (on: boolean) => els.drop.classList.toggle("is-dragging", on);
  els.panel.addEventListener("dragover", (event) => {
    if (!event.dataTransfer?.types.includes("Files") || current?.writes === "read-only") return;
    event.preventDefault();
    event.dataTransfer.dropEffect = "copy";
    dragging(true);
  });
  els.panel.addEventListener("dragleave", (event) => {
    if (!(event.relatedTarget instanceof Node && els.panel.contains(event.relatedTarget))) dragging(false);
  });
  els.panel.addEventListener("drop", (event) => {
    event.preventDefault();
    dragging(false);
    if (current?.writes === "read-only") return;
    void upload([...(event.dataTransfer?.files ?? [])]);
  });
  els.tokenInput.value = storedToken();
  els.tokenForm.addEventListener("submit", (event) => {
    event.preventDefault();
    storeToken(els.tokenInput.value.trim());
    clearNotes();
    note("ok", els.tokenInput.value.trim() ? "The token will be sent with uploads and deletes from this tab." : "The token was forgotten.");
  });
}
