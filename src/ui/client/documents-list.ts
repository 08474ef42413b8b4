import type { DocumentEntry } from "./documents-api.js";
import { h } from "./dom.js";

export interface DocumentListHandlers {
  /** Whether rows get a delete button (not on a read-only server). */
  canDelete: boolean;
  /** The id whose deletion is waiting for confirmation, if any. */
  confirming: string | null;
  askDelete(id: string | null): void;
  remove(entry: DocumentEntry): void;
}

const STATUS_LABELS: Record<DocumentEntry["status"], string> = { indexed: "Indexed", pending: "Pending", skipped: "Skipped" };

function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  const units = ["KB", "MB", "GB"];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value.toFixed(value < 10 ? 1 : 0)} ${units[unit]}`;
}

function describe(entry: DocumentEntry): string {
  const parts = [entry.format ?? "unknown type", formatBytes(entry.size)];
  if (entry.status === "indexed") parts.push(`${entry.passages} passage${entry.passages === 1 ? "" : "s"}`);
  if (entry.status === "pending") parts.push("waiting to be indexed");
  return parts.join(" · ");
}

/** The delete button, or while it awaits confirmation, the question with Delete and Cancel. */
function deleteControls(entry: DocumentEntry, handlers: DocumentListHandlers): HTMLElement {
  if (handlers.confirming !== entry.id) {
    const button = h("button", { className: "button button-small button-danger", text: "Delete", testid: "document-delete", attrs: { type: "button", "aria-label": `Delete ${entry.relativePath}`, "data-focus-key": `delete:${entry.id}` } });
    button.addEventListener("click", () => handlers.askDelete(entry.id));
    return button;
  }
  const confirm = h("button", { className: "button button-small button-danger-solid", text: "Delete", testid: "document-delete-confirm", attrs: { type: "button", "data-focus-key": `confirm:${entry.id}` } });
  const cancel = h("button", { className: "button button-small", text: "Cancel", testid: "document-delete-cancel", attrs: { type: "button", "data-focus-key": `cancel:${entry.id}` } });
  confirm.addEventListener("click", () => handlers.remove(entry));
  cancel.addEventListener("click", () => handlers.askDelete(null));
  return h("div", { className: "document-confirm", testid: "document-delete-question", attrs: { role: "group", "aria-label": `Delete ${entry.relativePath}?` } }, [
    h("span", { className: "document-confirm-text", text: "Delete the file?" }),
    confirm,
    cancel,
  ]);
}

/** One row per corpus file: name, title, type, size, passages, status, a skip reason, and delete. */
export function renderDocumentList(list: HTMLElement, entries: DocumentEntry[], handlers: DocumentListHandlers): void {
  if (entries.length === 0) {
    list.replaceChildren(h("li", { className: "documents-empty", text: "No documents yet. Add some below or copy files into the corpus folder." }));
    return;
  }
  list.replaceChildren(
    ...entries.map((entry) => {
      const title = entry.status === "indexed" && entry.title !== entry.relativePath ? entry.title : null;
      const reason = entry.status === "skipped" ? `${(entry.reason ?? "skipped").replace(/-/g, " ")}${entry.detail ? `: ${entry.detail}` : ""}` : null;
      return h("li", { className: `document-item is-${entry.status}`, testid: "document-item", attrs: { "data-id": entry.id, "data-status": entry.status, "data-path": entry.relativePath } }, [
        h("div", { className: "document-main" }, [
          h("p", { className: "document-path", text: entry.relativePath, testid: "document-path" }),
          title && h("p", { className: "document-title", text: title }),
          h("p", { className: "document-meta", text: describe(entry) }),
          reason && h("p", { className: "document-reason", text: reason, testid: "document-reason" }),
        ]),
        h("div", { className: "document-side" }, [
          h("span", { className: `document-status status-${entry.status}`, text: STATUS_LABELS[entry.status], testid: "document-status" }),
          handlers.canDelete && deleteControls(entry, handlers),
        ]),
      ]);
    }),
  );
}
