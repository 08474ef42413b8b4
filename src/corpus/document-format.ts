import type { DocumentFormat } from "./types.js";

/** The format a file's extension names; `.txt` is plain text unless its first line is a `= Title =` (see detectTextFormat). */
export function formatForFile(fileName: string): DocumentFormat | undefined {
  const extension = /\.([^./]+)$/.exec(fileName)?.[1]?.toLowerCase();
  switch (extension) {
    case "md":
    case "markdown":
      return "markdown";
    case "html":
    case "htm":
    case "xhtml":
      return "html";
    case "pdf":
      return "pdf";
    case "docx":
      return "docx";
    case "txt":
    case "text":
      return "text";
    default:
      return undefined;
  }
}
