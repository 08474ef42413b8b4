import { createHash } from "node:crypto";
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { parseDocument } from "./parse-document.js";
import { slugify } from "./slug.js";
import type { CorpusDocument } from "./types.js";

export const CORPUS_EXTENSIONS = /\.(txt|md|markdown)$/i;

export interface CorpusFile {
  fileName: string;
  sha256: string;
  source: string;
}

export interface Corpus {
  documents: CorpusDocument[];
  /** sha256 of every corpus file, by file name: what the index manifest records. */
  fileHashes: Record<string, string>;
}

export class CorpusError extends Error {
  override name = "CorpusError";
}

export function sha256(data: string | Uint8Array): string {
  return createHash("sha256").update(data).digest("hex");
}

/** Reads every `.txt`/`.md` file directly in `directory`, in file-name order. */
export async function readCorpusFiles(directory: string): Promise<CorpusFile[]> {
  const names = (await readdir(directory)).filter((name) => CORPUS_EXTENSIONS.test(name) && !name.startsWith("."));
  names.sort();
  return Promise.all(
    names.map(async (fileName) => {
      const bytes = await readFile(path.join(directory, fileName));
      return { fileName, sha256: sha256(bytes), source: bytes.toString("utf8").replace(/^\uFEFF/, "") };
    }),
  );
}

/** Parses corpus files into documents; two files may not map to the same document id. */
export function parseCorpus(files: CorpusFile[]): Corpus {
  const documents: CorpusDocument[] = [];
  const fileHashes: Record<string, string> = {};
  const owners = new Map<string, string>();
  for (const file of files) {
    // A name with no Latin letters or digits ("日本.txt") gets an id derived from the name itself.
    const docId = slugify(file.fileName.replace(CORPUS_EXTENSIONS, "")) || `document-${sha256(file.fileName).slice(0, 8)}`;
    const owner = owners.get(docId);
    if (owner) throw new CorpusError(`"${file.fileName}" and "${owner}" both map to document id "${docId}"; rename one.`);
    owners.set(docId, file.fileName);
    fileHashes[file.fileName] = file.sha256;
    const document = parseDocument({ docId, fileName: file.fileName, source: file.source });
    if (document.paragraphs.length > 0) documents.push(document);
  }
  return { documents, fileHashes };
}

export async function loadCorpus(directory: string): Promise<Corpus> {
  return parseCorpus(await readCorpusFiles(directory));
}
