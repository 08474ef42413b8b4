import path from "node:path";
import type { ModelFingerprint } from "../embed/model-fingerprint.js";
import type { ChunkOptions } from "../corpus/chunk.js";
import { EMBEDDING_RECIPE } from "./embedding-cache.js";
import { IndexUnusableError } from "./errors.js";
import { readManifest, readVerified } from "./index-files.js";
import { INDEX_FORMAT_VERSION, type Manifest } from "./manifest.js";
import { PassageStore } from "./passage-store.js";
import { readPassageData } from "../corpus/passage-schema.js";
import { LEXICAL_RECIPE, parseLexical, type LexicalData } from "../retrieve/lexical-data.js";
import { VectorIndex } from "./vector-index.js";

export interface LoadedIndex {
  manifest: Manifest;
  passages: PassageStore;
  vectors: VectorIndex;
  /** Row-major unit vectors of every sentence, `manifest.dimensions` wide, rows as in `passages.data.sentences`. */
  sentenceVectors: Float32Array;
  /** The saved BM25 index and term frequencies; undefined when the index has none made with the current LEXICAL_RECIPE (then they are built from `passages`). */
  lexical?: LexicalData;
}

/** Loads the index in `indexDir`, verifying every file against the manifest's checksums. */
export async function loadIndex(indexDir: string): Promise<LoadedIndex> {
  const manifest = await readManifest(indexDir);
  const passagesBytes = await readVerified(indexDir, manifest.files.passages);
  const data = readPassageData(JSON.parse(passagesBytes.toString("utf8")));
  if (!data) throw new IndexUnusableError("corrupt", `${manifest.files.passages.name} has an unexpected shape`);
  const passages = new PassageStore(data);

  await readVerified(indexDir, manifest.files.hnsw);
  // A graph whose checksum matches can still be one hnswlib wrote short without saying so.
  const vectors = await VectorIndex.read(path.join(indexDir, manifest.files.hnsw.name), manifest.dimensions, manifest.hnsw).catch((error: unknown) => {
    throw new IndexUnusableError("corrupt", `${manifest.files.hnsw.name} is not a readable graph (${error instanceof Error ? error.message : String(error)})`);
  });
  const sentenceBytes = await readVerified(indexDir, manifest.files.sentenceVectors);
  const sentenceVectors = new Float32Array(sentenceBytes.buffer.slice(sentenceBytes.byteOffset, sentenceBytes.byteOffset + sentenceBytes.byteLength));

  const { chunks, sentences } = manifest.counts;
  if (vectors.count !== chunks || passages.data.chunks.length !== chunks || passages.data.sentences.length !== sentences || sentenceVectors.length !== sentences * manifest.dimensions) {
    throw new IndexUnusableError("corrupt", "the index files disagree with the manifest's counts");
  }
  const lexical = await loadLexical(indexDir, manifest);
  if (lexical && lexical.bm25.size !== passages.data.paragraphs.length) throw new IndexUnusableError("corrupt", `${manifest.files.lexical?.name} disagrees with the manifest's counts`);
  return { manifest, passages, vectors, sentenceVectors, ...(lexical ? { lexical } : {}) };
}

/** The saved lexical file, verified like the other files; undefined when there is none of the current recipe. */
async function loadLexical(indexDir: string, manifest: Manifest): Promise<LexicalData | undefined> {
  const entry = manifest.files.lexical;
  if (!entry || manifest.lexicalRecipe !== LEXICAL_RECIPE) return undefined;
  const text = (await readVerified(indexDir, entry)).toString("utf8");
  return parseLexical(text).catch((error: unknown) => {
    throw new IndexUnusableError("corrupt", `${entry.name} is not a readable lexical file (${error instanceof Error ? error.message : String(error)})`);
  });
}

/** Why a manifest no longer describes the current corpus, model and settings; undefined when it is current. */
export function findStaleness(manifest: Manifest, current: { corpus: Record<string, string>; model: ModelFingerprint; chunking: ChunkOptions }): string | undefined {
  if (manifest.formatVersion !== INDEX_FORMAT_VERSION) {
    return `it has format version ${manifest.formatVersion}, this version of the software reads ${INDEX_FORMAT_VERSION}`;
  }
  if (manifest.embeddingRecipe !== EMBEDDING_RECIPE) return "the embedding recipe changed";
  if (manifest.model.id !== current.model.id || manifest.model.sha256 !== current.model.sha256) {
    return `it was built with model ${manifest.model.id} (${manifest.model.sha256.slice(0, 12)}), the configured model is ${current.model.id} (${current.model.sha256.slice(0, 12)})`;
  }
  if (manifest.chunking.chunkSize !== current.chunking.chunkSize || manifest.chunking.chunkOverlap !== current.chunking.chunkOverlap) {
    return "the chunking settings changed";
  }
  const built = Object.keys(manifest.corpus).sort();
  const now = Object.keys(current.corpus).sort();
  const added = now.filter((name) => !(name in manifest.corpus));
  const removed = built.filter((name) => !(name in current.corpus));
  const changed = now.filter((name) => name in manifest.corpus && manifest.corpus[name] !== current.corpus[name]);
  if (added.length + removed.length + changed.length === 0) return undefined;
  const parts = [
    added.length ? `added ${added.join(", ")}` : "",
    removed.length ? `removed ${removed.join(", ")}` : "",
    changed.length ? `changed ${changed.join(", ")}` : "",
  ].filter(Boolean);
  return `the corpus changed since it was built (${parts.join("; ")})`;
}
