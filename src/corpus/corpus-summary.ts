/** What an indexing run read: enough to say what was indexed and what was not, and why. */
export interface CorpusSummaryInput {
  documents: { format: string; relativePath: string; warnings?: string[] }[];
  passages: number;
  skipped: { relativePath: string; reason: string; detail: string }[];
}

/**
 * The summary every indexing run ends with: documents by format, passages, every skipped file with
 * its reason, and warnings (a guessed encoding …). Nothing is skipped without a line here.
 */
export function formatCorpusSummary({ documents, passages, skipped }: CorpusSummaryInput): string[] {
  const byFormat = new Map<string, number>();
  for (const document of documents) byFormat.set(document.format, (byFormat.get(document.format) ?? 0) + 1);
  const formats = [...byFormat.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([format, count]) => `${count} ${format}`);
  const lines = [`Indexed ${documents.length} document${documents.length === 1 ? "" : "s"}${formats.length ? ` (${formats.join(", ")})` : ""}, ${passages} passages; skipped ${skipped.length} file${skipped.length === 1 ? "" : "s"}.`];
  for (const file of skipped) lines.push(`  skipped ${file.relativePath}: ${file.reason} (${file.detail})`);
  for (const document of documents) for (const warning of document.warnings ?? []) lines.push(`  warning ${document.relativePath}: ${warning}`);
  return lines;
}
