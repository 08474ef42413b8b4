import { UnindexableError } from "./unindexable-error.js";
import type { CorpusDocument } from "./types.js";

export async function parsePdf(_docId: string, _bytes: Uint8Array): Promise<Omit<CorpusDocument, "id" | "fileName" | "relativePath"> & { warnings: string[] }> {
  throw new UnindexableError("unsupported", "PDF parsing is not built yet");
}
