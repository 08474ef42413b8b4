import { spawn, spawnSync } from "node:child_process";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { chunkParagraphs, DEFAULT_CHUNK_OPTIONS } from "../src/corpus/chunk.js";
import { chunkEmbeddingText, sentenceEmbeddingText } from "../src/corpus/embedding-text.js";
import { loadCorpus, readCorpusFiles, sha256 } from "../src/corpus/load-corpus.js";
import { splitSentences } from "../src/corpus/sentences.js";
import type { CorpusDocument, Paragraph } from "../src/corpus/types.js";
import { MODEL_WEIGHTS_FILE, type ModelFingerprint } from "../src/embed/model-fingerprint.js";
import { buildIndex, lockFileFor, updateIndex, type BuildIndexOptions, type BuildProgress } from "../src/store/build-index.js";
import { IndexBusyError, IndexUnusableError } from "../src/store/errors.js";
import { findStaleness, loadIndex, type LoadedIndex } from "../src/store/load-index.js";
import { acquireLock, lockHolder, type LockHolder } from "../src/store/lock.js";
import { currentIdentity, processStartTime } from "../src/store/process-identity.js";
import { INDEX_FORMAT_VERSION, MANIFEST_FILE, type IndexFileEntry, type Manifest } from "../src/store/manifest.js";
import { openIndex } from "../src/store/open-index.js";
import { PassageStore, type PassageData } from "../src/store/passage-store.js";
import { buildLexical, LEXICAL_RECIPE, serializeLexical } from "../src/retrieve/lexical-data.js";
import { LexicalIndex } from "../src/retrieve/lexical-index.js";
import { TermStats } from "../src/retrieve/term-stats.js";
import { DEFAULT_HNSW_PARAMS } from "../src/store/vector-index.js";
import { FAKE_DIMENSIONS, FakeEmbedder } from "./support/fake-embedder.js";

const REAL_CORPUS_DIR = fileURLToPath(new URL("../corpus/", import.meta.url));
const DATA_FILES = ["passages", "hnsw", "sentenceVectors", "embeddings", "lexical"] as const;
/** What loading for serving reads and verifies; the embedding cache is read only by updates. */
const SERVED_FILES = ["passages", "hnsw", "sentenceVectors", "lexical"] as const;

/** The manifest's entry for a data file; every build writes all of them (`lexical` is optional only for older indexes). */
function fileOf(manifest: Manifest, file: (typeof DATA_FILES)[number]): IndexFileEntry {
  const entry = manifest.files[file];
  if (!entry) throw new Error(`the manifest names no ${file} file`);
  return entry;
}

function fakeModel(): ModelFingerprint {
  return { id: "fake", file: "onnx/model_quantized.onnx", sha256: "0".repeat(64) };
}

/** Fails on the embed call after `succeed` successful ones, like a build killed part-way through embedding. */
class FailingEmbedder extends FakeEmbedder {
  constructor(private readonly succeed: number) {
    super();
  }

  override async embed(texts: string[]): Promise<Float32Array[]> {
    if (this.calls.length >= this.succeed) {
      this.calls.push([...texts]);
      throw new Error("simulated crash while embedding");
    }
    return super.embed(texts);
  }
}

const SMALL_CORPUS: Record<string, string> = {
  "alpha.txt": "= Alpha =\n\nInfobox\n- Date: 2011\n- Place: Gao\n\nAlpha is a town. It has a market.\n\n== History ==\nAlpha was founded long ago. Traders came from the north.\n",
  "beta.md": "# Beta\n\nBeta is a river. It floods every year.\n\n## Course\nThe river runs south. It ends in a lake.\n",
};

let root: string;

beforeEach(async () => {
  root = await fs.mkdtemp(path.join(os.tmpdir(), "index-store-test-"));
});

afterEach(async () => {
  await fs.rm(root, { recursive: true, force: true });
});

async function makeCorpus(files: Record<string, string> = SMALL_CORPUS, name = "corpus"): Promise<string> {
  const directory = path.join(root, name);
  await fs.mkdir(directory, { recursive: true });
  for (const [fileName, text] of Object.entries(files)) await fs.writeFile(path.join(directory, fileName), text);
  return directory;
}

async function copyRealCorpus(name = "corpus"): Promise<string> {
  const directory = path.join(root, name);
  await fs.mkdir(directory, { recursive: true });
  for (const fileName of await fs.readdir(REAL_CORPUS_DIR)) {
    if (fileName.endsWith(".txt")) await fs.copyFile(path.join(REAL_CORPUS_DIR, fileName), path.join(directory, fileName));
  }
  return directory;
}

function build(corpusDir: string, indexDir: string, options: Partial<BuildIndexOptions> = {}): Promise<Manifest> {
  return buildIndex({ corpusDir, indexDir, embedder: new FakeEmbedder(), model: fakeModel(), ...options });
}

async function readAll(directory: string): Promise<Map<string, Buffer>> {
  const files = new Map<string, Buffer>();
  for (const name of (await fs.readdir(directory)).sort()) files.set(name, await fs.readFile(path.join(directory, name)));
  return files;
}

async function exists(file: string): Promise<boolean> {
  return fs.access(file).then(
    () => true,
    () => false,
  );
}

async function currentInputs(corpusDir: string) {
  const corpus = Object.fromEntries((await readCorpusFiles(corpusDir)).map((file) => [file.fileName, file.sha256]));
  return { corpus, model: fakeModel(), chunking: { ...DEFAULT_CHUNK_OPTIONS } };
}

async function expectUnusable(promise: Promise<unknown>, reason: IndexUnusableError["reason"]): Promise<IndexUnusableError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(IndexUnusableError);
  expect((error as IndexUnusableError).reason).toBe(reason);
  return error as IndexUnusableError;
}

/** Edits the published manifest in place. */
async function rewriteManifest(indexDir: string, edit: (manifest: Manifest) => Manifest): Promise<void> {
  const file = path.join(indexDir, MANIFEST_FILE);
  await fs.writeFile(file, JSON.stringify(edit(JSON.parse(await fs.readFile(file, "utf8")) as Manifest)));
}

/** Replaces a data file's content and records its size and checksum in the manifest, as a writer of that content would. */
async function replaceDataFile(indexDir: string, file: (typeof DATA_FILES)[number], text: string): Promise<void> {
  const manifest = JSON.parse(await fs.readFile(path.join(indexDir, MANIFEST_FILE), "utf8")) as Manifest;
  const entry = fileOf(manifest, file);
  await fs.writeFile(path.join(indexDir, entry.name), text);
  await rewriteManifest(indexDir, (current) => ({ ...current, files: { ...current.files, [file]: { ...entry, bytes: Buffer.byteLength(text), sha256: sha256(text) } } }));
}

/** The document a loaded index stores, with its paragraphs, as embedding-text.ts expects it. */
function storedDocument(index: LoadedIndex, docId: string): CorpusDocument {
  const stored = index.passages.documents.get(docId);
  if (!stored) throw new Error(`no document ${docId}`);
  return { ...stored, paragraphs: index.passages.paragraphsOf(docId) };
}

describe("buildIndex then loadIndex", () => {
  it("loads an index whose files agree with the manifest's counts", async () => {
    const corpusDir = await copyRealCorpus();
    const indexDir = path.join(root, "index");
    const manifest = await build(corpusDir, indexDir);
    const loaded = await loadIndex(indexDir);
    expect(loaded.manifest).toEqual(manifest);
    expect(manifest.counts.documents).toBe(3);
    expect(loaded.passages.data.documents).toHaveLength(manifest.counts.documents);
    expect(loaded.passages.data.paragraphs).toHaveLength(manifest.counts.paragraphs);
    expect(loaded.passages.data.chunks).toHaveLength(manifest.counts.chunks);
    expect(loaded.passages.data.sentences).toHaveLength(manifest.counts.sentences);
    expect(loaded.vectors.count).toBe(manifest.counts.chunks);
    expect(loaded.sentenceVectors).toHaveLength(manifest.counts.sentences * manifest.dimensions);
  });

  it("stores exactly the passages the corpus parses, chunks and splits into", async () => {
    const corpusDir = await copyRealCorpus();
    const indexDir = path.join(root, "index");
    await build(corpusDir, indexDir);
    const corpus = await loadCorpus(corpusDir);
    const paragraphs = corpus.documents.flatMap((document) => document.paragraphs);
    const expected = PassageStore.fromDocuments(corpus.documents, await chunkParagraphs(paragraphs), splitSentences(paragraphs));
    expect((await loadIndex(indexDir)).passages.data).toEqual(expected.data);
  });

  it("records the model, settings, dimensions and the sha256 of every corpus file in the manifest", async () => {
    const corpusDir = await copyRealCorpus();
    const manifest = await build(corpusDir, path.join(root, "index"));
    const hashes: Record<string, string> = {};
    for (const fileName of await fs.readdir(corpusDir)) hashes[fileName] = sha256(await fs.readFile(path.join(corpusDir, fileName)));
    expect(manifest).toMatchObject({
      formatVersion: INDEX_FORMAT_VERSION,
      model: fakeModel(),
      dimensions: FAKE_DIMENSIONS,
      hnsw: DEFAULT_HNSW_PARAMS,
      chunking: DEFAULT_CHUNK_OPTIONS,
      corpus: hashes,
    });
  });

  it("finds each stored chunk vector's own label first in an HNSW search", async () => {
    const corpusDir = await copyRealCorpus();
    const indexDir = path.join(root, "index");
    await build(corpusDir, indexDir);
    const loaded = await loadIndex(indexDir);
    const texts = loaded.passages.data.chunks.map((chunk) => {
      const paragraph = loaded.passages.paragraphs.get(chunk.paragraphId) as Paragraph;
      return chunkEmbeddingText(storedDocument(loaded, paragraph.docId), paragraph, chunk);
    });
    const vectors = texts.map((text) => FakeEmbedder.vectorFor(text));
    const key = (vector: Float32Array) => Array.from(vector, (value) => value.toFixed(6)).join(",");
    const occurrences = new Map<string, number>();
    for (const vector of vectors) occurrences.set(key(vector), (occurrences.get(key(vector)) ?? 0) + 1);
    // Two chunks with the same bag of words get the same fake vector; only unique ones have one right answer.
    const unique = vectors.map((vector, label) => ({ vector, label })).filter(({ vector }) => occurrences.get(key(vector)) === 1);
    expect(unique.length).toBeGreaterThan(vectors.length * 0.9);
    for (const { vector, label } of unique) {
      const [first] = loaded.vectors.search(vector, 3);
      expect(first?.label).toBe(label);
      expect(first?.similarity).toBeCloseTo(1, 4);
    }
  });

  it("stores each sentence's vector in its row of the sentence matrix", async () => {
    const corpusDir = await makeCorpus();
    const indexDir = path.join(root, "index");
    await build(corpusDir, indexDir);
    const loaded = await loadIndex(indexDir);
    const { dimensions } = loaded.manifest;
    loaded.passages.data.sentences.forEach((sentence, row) => {
      const paragraph = loaded.passages.paragraphs.get(sentence.paragraphId) as Paragraph;
      const expected = FakeEmbedder.vectorFor(sentenceEmbeddingText(storedDocument(loaded, paragraph.docId), paragraph, loaded.passages.sentenceText(row)));
      expect(Array.from(loaded.sentenceVectors.subarray(row * dimensions, (row + 1) * dimensions))).toEqual(Array.from(expected));
    });
  });

  it("embeds every chunk and sentence once, in batches no larger than batchSize", async () => {
    const corpusDir = await makeCorpus();
    const embedder = new FakeEmbedder();
    const manifest = await build(corpusDir, path.join(root, "index"), { embedder, batchSize: 4 });
    expect(embedder.calls.flat()).toHaveLength(manifest.counts.chunks + manifest.counts.sentences);
    expect(embedder.calls.every((batch) => batch.length > 0 && batch.length <= 4)).toBe(true);
  });

  it("reports progress from parsing through embedding to writing", async () => {
    const corpusDir = await makeCorpus();
    const stages: BuildProgress[] = [];
    await build(corpusDir, path.join(root, "index"), { batchSize: 5, onProgress: (progress) => stages.push(progress) });
    expect(stages.find((progress) => progress.stage !== "parsing")?.stage).toBe("parsed");
    expect(stages[stages.length - 1]?.stage).toBe("written");
    const embedding = stages.filter((progress) => progress.stage === "embedding");
    expect(embedding.length).toBeGreaterThan(1);
    const last = embedding[embedding.length - 1];
    expect(last?.stage === "embedding" && last.done === last.total).toBe(true);
  });

  it("leaves only the manifest and the five data files it names in the index folder", async () => {
    const corpusDir = await makeCorpus();
    const indexDir = path.join(root, "index");
    const manifest = await build(corpusDir, indexDir);
    const expected = [MANIFEST_FILE, ...DATA_FILES.map((file) => fileOf(manifest, file).name)].sort();
    expect((await fs.readdir(indexDir)).sort()).toEqual(expected);
  });

  it("refuses to build from a corpus without paragraphs and writes no manifest", async () => {
    const corpusDir = await makeCorpus({ "empty.txt": "= Only a title =\n" });
    const indexDir = path.join(root, "index");
    await expect(build(corpusDir, indexDir)).rejects.toThrow(/no paragraphs/);
    expect(await exists(path.join(indexDir, MANIFEST_FILE))).toBe(false);
  });
});

describe("buildIndex determinism", () => {
  it("writes byte-identical files when the same corpus is built into two folders", async () => {
    const corpusDir = await copyRealCorpus();
    const first = path.join(root, "index-1");
    const second = path.join(root, "index-2");
    await build(corpusDir, first);
    await build(corpusDir, second);
    const a = await readAll(first);
    const b = await readAll(second);
    expect([...b.keys()]).toEqual([...a.keys()]);
    // The manifest differs only in when each document was indexed.
    for (const [name, bytes] of a) if (name !== MANIFEST_FILE) expect(b.get(name)?.equals(bytes), name).toBe(true);
  });

  it("gives the same manifest when the same folder is built twice", async () => {
    const corpusDir = await makeCorpus();
    const indexDir = path.join(root, "index");
    const first = await build(corpusDir, indexDir);
    const bytes = await fs.readFile(path.join(indexDir, MANIFEST_FILE));
    const second = await build(corpusDir, indexDir);
    expect(second).toEqual(first);
    expect((await fs.readFile(path.join(indexDir, MANIFEST_FILE))).equals(bytes)).toBe(true);
  });
});

describe("findStaleness", () => {
  it("returns undefined for the corpus, model and chunking the index was built with", async () => {
    const corpusDir = await makeCorpus();
    const manifest = await build(corpusDir, path.join(root, "index"));
    expect(findStaleness(manifest, await currentInputs(corpusDir))).toBeUndefined();
  });

  it("reports a corpus file added since the build", async () => {
    const corpusDir = await makeCorpus();
    const manifest = await build(corpusDir, path.join(root, "index"));
    await fs.writeFile(path.join(corpusDir, "gamma.txt"), "Gamma.\n");
    expect(findStaleness(manifest, await currentInputs(corpusDir))).toMatch(/added gamma\.txt/);
  });

  it("reports a corpus file removed since the build", async () => {
    const corpusDir = await makeCorpus();
    const manifest = await build(corpusDir, path.join(root, "index"));
    await fs.rm(path.join(corpusDir, "beta.md"));
    expect(findStaleness(manifest, await currentInputs(corpusDir))).toMatch(/removed beta\.md/);
  });

  it("reports a corpus file changed since the build", async () => {
    const corpusDir = await makeCorpus();
    const manifest = await build(corpusDir, path.join(root, "index"));
    await fs.appendFile(path.join(corpusDir, "alpha.txt"), "\nOne more paragraph.\n");
    expect(findStaleness(manifest, await currentInputs(corpusDir))).toMatch(/changed alpha\.txt/);
  });

  it("reports an added, a removed and a changed file together", async () => {
    const corpusDir = await makeCorpus();
    const manifest = await build(corpusDir, path.join(root, "index"));
    await fs.writeFile(path.join(corpusDir, "gamma.txt"), "Gamma.\n");
    await fs.rm(path.join(corpusDir, "beta.md"));
    await fs.appendFile(path.join(corpusDir, "alpha.txt"), "\nMore.\n");
    const reason = findStaleness(manifest, await currentInputs(corpusDir));
    expect(reason).toMatch(/added gamma\.txt/);
    expect(reason).toMatch(/removed beta\.md/);
    expect(reason).toMatch(/changed alpha\.txt/);
  });

  it("reports model weights with a different sha256", async () => {
    const corpusDir = await makeCorpus();
    const manifest = await build(corpusDir, path.join(root, "index"));
    const current = await currentInputs(corpusDir);
    const reason = findStaleness(manifest, { ...current, model: { ...fakeModel(), sha256: "1".repeat(64) } });
    expect(reason).toMatch(/model/);
  });

  it("reports a different model id", async () => {
    const corpusDir = await makeCorpus();
    const manifest = await build(corpusDir, path.join(root, "index"));
    const current = await currentInputs(corpusDir);
    expect(findStaleness(manifest, { ...current, model: { ...fakeModel(), id: "other-model" } })).toMatch(/other-model/);
  });

  it("reports a different chunk size", async () => {
    const corpusDir = await makeCorpus();
    const manifest = await build(corpusDir, path.join(root, "index"));
    const current = await currentInputs(corpusDir);
    expect(findStaleness(manifest, { ...current, chunking: { ...DEFAULT_CHUNK_OPTIONS, chunkSize: 400 } })).toMatch(/chunking/);
  });

  it("reports a different chunk overlap", async () => {
    const corpusDir = await makeCorpus();
    const manifest = await build(corpusDir, path.join(root, "index"));
    const current = await currentInputs(corpusDir);
    expect(findStaleness(manifest, { ...current, chunking: { ...DEFAULT_CHUNK_OPTIONS, chunkOverlap: 0 } })).toMatch(/chunking/);
  });

  it("reports an index written in another format version", async () => {
    const corpusDir = await makeCorpus();
    const manifest = await build(corpusDir, path.join(root, "index"));
    expect(findStaleness({ ...manifest, formatVersion: INDEX_FORMAT_VERSION + 1 }, await currentInputs(corpusDir))).toMatch(/format version/);
  });
});

describe("loadIndex on a damaged index", () => {
  describe.each(SERVED_FILES)("the %s file", (file) => {
    it("is reported corrupt when truncated", async () => {
      const indexDir = path.join(root, "index");
      const manifest = await build(await makeCorpus(), indexDir);
      const target = path.join(indexDir, fileOf(manifest, file).name);
      await fs.truncate(target, Math.floor(fileOf(manifest, file).bytes / 2));
      await expectUnusable(loadIndex(indexDir), "corrupt");
    });

    it("is reported corrupt when one byte is flipped", async () => {
      const indexDir = path.join(root, "index");
      const manifest = await build(await makeCorpus(), indexDir);
      const target = path.join(indexDir, fileOf(manifest, file).name);
      const bytes = await fs.readFile(target);
      const middle = Math.floor(bytes.length / 2);
      bytes[middle] = (bytes[middle] ?? 0) ^ 0xff;
      await fs.writeFile(target, bytes);
      await expectUnusable(loadIndex(indexDir), "corrupt");
    });

    it("is reported corrupt when deleted", async () => {
      const indexDir = path.join(root, "index");
      const manifest = await build(await makeCorpus(), indexDir);
      await fs.rm(path.join(indexDir, fileOf(manifest, file).name));
      await expectUnusable(loadIndex(indexDir), "corrupt");
    });
  });

  it("is reported missing when the manifest is deleted", async () => {
    const indexDir = path.join(root, "index");
    await build(await makeCorpus(), indexDir);
    await fs.rm(path.join(indexDir, MANIFEST_FILE));
    await expectUnusable(loadIndex(indexDir), "missing");
  });

  it("is reported missing when the index folder does not exist", async () => {
    await expectUnusable(loadIndex(path.join(root, "never-built")), "missing");
  });

  it("is reported corrupt when the manifest is not valid JSON", async () => {
    const indexDir = path.join(root, "index");
    await build(await makeCorpus(), indexDir);
    const manifestFile = path.join(indexDir, MANIFEST_FILE);
    const text = await fs.readFile(manifestFile, "utf8");
    await fs.writeFile(manifestFile, text.slice(0, text.length / 2));
    await expectUnusable(loadIndex(indexDir), "corrupt");
  });

  it("is reported corrupt when the manifest is JSON of the wrong shape", async () => {
    const indexDir = path.join(root, "index");
    await build(await makeCorpus(), indexDir);
    await fs.writeFile(path.join(indexDir, MANIFEST_FILE), JSON.stringify({ formatVersion: INDEX_FORMAT_VERSION, files: {} }));
    await expectUnusable(loadIndex(indexDir), "corrupt");
  });

  it.each([
    ["a paragraph field renamed in every paragraph", (data: PassageData) => ({ ...data, paragraphs: data.paragraphs.map(({ text, ...rest }) => ({ ...rest, body: text })) })],
    ["sentences stored as [start, end] pairs", (data: PassageData) => ({ ...data, sentences: data.sentences.map((sentence) => [sentence.start, sentence.end]) })],
    ["chunks that are not a list", (data: PassageData) => ({ ...data, chunks: {} })],
    ["a document without sections", (data: PassageData) => ({ ...data, documents: data.documents.map(({ sections: _sections, ...rest }) => rest) })],
  ])("is reported corrupt when the passages file matches its checksum but has %s", async (_case, reshape) => {
    const indexDir = path.join(root, "index");
    // The real corpus: more paragraphs, chunks and sentences than the load checks one by one.
    const manifest = await build(await copyRealCorpus(), indexDir);
    const stored = JSON.parse(await fs.readFile(path.join(indexDir, manifest.files.passages.name), "utf8")) as PassageData;
    await replaceDataFile(indexDir, "passages", JSON.stringify(reshape(stored)));
    const error = await expectUnusable(loadIndex(indexDir), "corrupt");
    expect(error.message).toMatch(/unexpected shape/);
  });

  it("is reported corrupt when the manifest's counts disagree with the data files", async () => {
    const indexDir = path.join(root, "index");
    const manifest = await build(await makeCorpus(), indexDir);
    const edited: Manifest = { ...manifest, counts: { ...manifest.counts, chunks: manifest.counts.chunks + 1 } };
    await fs.writeFile(path.join(indexDir, MANIFEST_FILE), JSON.stringify(edited));
    await expectUnusable(loadIndex(indexDir), "corrupt");
  });

  it("is reported corrupt when the manifest's dimensions disagree with the data files", async () => {
    const indexDir = path.join(root, "index");
    const manifest = await build(await makeCorpus(), indexDir);
    const edited: Manifest = { ...manifest, dimensions: manifest.dimensions / 2 };
    await fs.writeFile(path.join(indexDir, MANIFEST_FILE), JSON.stringify(edited));
    await expectUnusable(loadIndex(indexDir), "corrupt");
  });
});

describe("the saved lexical file", () => {
  const QUERIES = ["Alpha market", "river floods", "traders north", "lake", "founded"];

  it("is written with every index under the current recipe and loaded to rank as BM25 built from the passages", async () => {
    const indexDir = path.join(root, "index");
    const manifest = await build(await makeCorpus(), indexDir);
    expect(manifest.lexicalRecipe).toBe(LEXICAL_RECIPE);
    const loaded = await loadIndex(indexDir);
    expect(loaded.lexical?.bm25.size).toBe(manifest.counts.paragraphs);
    const built = LexicalIndex.build(loaded.passages);
    for (const query of QUERIES) {
      expect(built.query(query, 10).length, query).toBeGreaterThan(0);
      expect(loaded.lexical?.bm25.query(query, 10), query).toEqual(built.query(query, 10));
    }
  });

  it("holds the term frequencies the passages give, so idf weighs terms as counted from them", async () => {
    const indexDir = path.join(root, "index");
    await build(await copyRealCorpus(), indexDir);
    const loaded = await loadIndex(indexDir);
    const counted = new TermStats(loaded.passages).frequencies();
    expect(counted.documentFrequency.size).toBeGreaterThan(100);
    expect(loaded.lexical?.frequencies).toEqual(counted);
    const saved = new TermStats(loaded.passages, loaded.lexical?.frequencies);
    const fresh = new TermStats(loaded.passages);
    for (const term of ["mali", "attack", "1960", "not-a-term"]) expect(saved.idf(term), term).toBe(fresh.idf(term));
  });

  it("is written again with each update, for the passages of that update", async () => {
    const corpusDir = await makeCorpus();
    const indexDir = path.join(root, "index");
    const first = await build(corpusDir, indexDir);
    await fs.writeFile(path.join(corpusDir, "gamma.txt"), "Gamma is a volcano. Its crater smokes.\n");
    const second = await build(corpusDir, indexDir);
    expect(fileOf(second, "lexical").name).not.toBe(fileOf(first, "lexical").name);
    const loaded = await loadIndex(indexDir);
    expect(loaded.lexical?.bm25.size).toBe(second.counts.paragraphs);
    expect(loaded.lexical?.bm25.query("volcano crater", 1)[0]?.paragraphId).toMatch(/gamma/);
    expect(loaded.lexical?.frequencies).toEqual(new TermStats(loaded.passages).frequencies());
  });

  it("is missing from an index saved before it was: that index loads, and the next update saves it without embedding", async () => {
    const corpusDir = await makeCorpus();
    const indexDir = path.join(root, "index");
    const manifest = await build(corpusDir, indexDir);
    await fs.rm(path.join(indexDir, fileOf(manifest, "lexical").name));
    await rewriteManifest(indexDir, ({ lexicalRecipe: _recipe, files: { lexical: _file, ...files }, ...older }) => ({ ...older, files }));
    const older = await loadIndex(indexDir);
    expect(older.lexical).toBeUndefined();
    expect(older.manifest.files.lexical).toBeUndefined();

    const embedder = new FakeEmbedder();
    const updated = await build(corpusDir, indexDir, { embedder });
    expect(embedder.calls).toEqual([]);
    expect(updated).toEqual(manifest);
    expect((await loadIndex(indexDir)).lexical?.bm25.size).toBe(manifest.counts.paragraphs);
  });

  it("of another recipe is not used, and the next update replaces it without embedding", async () => {
    const corpusDir = await makeCorpus();
    const indexDir = path.join(root, "index");
    const manifest = await build(corpusDir, indexDir);
    await rewriteManifest(indexDir, (current) => ({ ...current, lexicalRecipe: "an older tokenizer" }));
    expect((await loadIndex(indexDir)).lexical).toBeUndefined();

    const embedder = new FakeEmbedder();
    const result = await updateIndex({ corpusDir, indexDir, embedder, model: fakeModel() });
    expect(embedder.calls).toEqual([]);
    // Reported as such (`npm run index` says it saved the file), not as "nothing to do".
    expect({ changed: result.changed, lexicalSaved: result.lexicalSaved }).toEqual({ changed: false, lexicalSaved: true });
    expect((await updateIndex({ corpusDir, indexDir, embedder, model: fakeModel() })).lexicalSaved).toBeUndefined();
    const updated = result.manifest;
    expect(updated.lexicalRecipe).toBe(LEXICAL_RECIPE);
    expect((await loadIndex(indexDir)).lexical?.bm25.size).toBe(manifest.counts.paragraphs);
    expect((await fs.readdir(indexDir)).sort()).toEqual([MANIFEST_FILE, ...DATA_FILES.map((file) => fileOf(updated, file).name)].sort());
  });

  it("is reported corrupt when it matches its checksum but is not a lexical index", async () => {
    const indexDir = path.join(root, "index");
    await build(await makeCorpus(), indexDir);
    await replaceDataFile(indexDir, "lexical", JSON.stringify({ documentCount: 1 }));
    await expectUnusable(loadIndex(indexDir), "corrupt");
  });

  it("is reported corrupt when it indexes another number of paragraphs than the passages hold", async () => {
    const indexDir = path.join(root, "index");
    await build(await makeCorpus(), indexDir);
    const { passages } = await loadIndex(indexDir);
    const [dropped, ...paragraphs] = passages.data.paragraphs;
    const fewer = new PassageStore({ ...passages.data, paragraphs, sentences: passages.data.sentences.filter((sentence) => sentence.paragraphId !== dropped?.id) });
    await replaceDataFile(indexDir, "lexical", serializeLexical(buildLexical(fewer)));
    await expectUnusable(loadIndex(indexDir), "corrupt");
  });
});

describe("an interrupted build", () => {
  it("leaves the previous index loading unchanged when embedding fails after the first batch", async () => {
    const corpusDir = await makeCorpus();
    const indexDir = path.join(root, "index");
    const previous = await build(corpusDir, indexDir);
    const before = await readAll(indexDir);
    await fs.writeFile(path.join(corpusDir, "gamma.txt"), "Gamma is new. It would change every file.\n");
    const embedder = new FailingEmbedder(1);
    await expect(build(corpusDir, indexDir, { embedder, batchSize: 4, full: true })).rejects.toThrow(/simulated crash/);
    expect(embedder.calls).toHaveLength(2);
    expect((await loadIndex(indexDir)).manifest).toEqual(previous);
    const after = await readAll(indexDir);
    expect([...after.keys()]).toEqual([...before.keys()]);
    for (const [name, bytes] of before) expect(after.get(name)?.equals(bytes), name).toBe(true);
  });

  it("releases the lock when the build fails", async () => {
    const corpusDir = await makeCorpus();
    const indexDir = path.join(root, "index");
    await expect(build(corpusDir, indexDir, { embedder: new FailingEmbedder(1), batchSize: 4 })).rejects.toThrow(/simulated crash/);
    expect(await exists(lockFileFor(indexDir))).toBe(false);
  });

  it("lets the next build succeed after a failed one", async () => {
    const corpusDir = await makeCorpus();
    const indexDir = path.join(root, "index");
    await expect(build(corpusDir, indexDir, { embedder: new FailingEmbedder(0) })).rejects.toThrow(/simulated crash/);
    const manifest = await build(corpusDir, indexDir);
    expect((await loadIndex(indexDir)).manifest).toEqual(manifest);
  });

  it("leaves no temporary files and no unreferenced data files after the next successful build", async () => {
    const corpusDir = await makeCorpus();
    const indexDir = path.join(root, "index");
    await build(corpusDir, indexDir);
    // What a build killed while writing leaves behind: temporaries and data files no manifest names.
    const leftovers = ["hnsw.bin.tmp-424242", "passages-0123456789abcdef.json.tmp-424242", `${MANIFEST_FILE}.tmp-424242`, "sentences-0123456789abcdef.f32"];
    for (const name of leftovers) await fs.writeFile(path.join(indexDir, name), "partial");
    await fs.appendFile(path.join(corpusDir, "alpha.txt"), "\nA change.\n");
    const manifest = await build(corpusDir, indexDir);
    const names = await fs.readdir(indexDir);
    expect(names.filter((name) => /\.tmp-/.test(name))).toEqual([]);
    expect(names.sort()).toEqual([MANIFEST_FILE, ...DATA_FILES.map((file) => fileOf(manifest, file).name)].sort());
  });
});

/** A lock generation file as a holder with this identity would have written it. */
async function writeHolder(file: string, holder: Partial<LockHolder> & { pid: number }): Promise<void> {
  await fs.writeFile(file, JSON.stringify({ hostname: os.hostname(), token: "feedfeedfeedfeed", since: new Date(0).toISOString(), ...holder }));
}

describe("acquireLock", () => {
  it("refuses a second acquisition in the same process with IndexBusyError", async () => {
    const base = path.join(root, ".lock");
    const release = await acquireLock(base);
    await expect(acquireLock(base)).rejects.toBeInstanceOf(IndexBusyError);
    await release();
  });

  it("records the holder's pid, process start time and boot id", async () => {
    const base = path.join(root, ".lock");
    const release = await acquireLock(base);
    const holder = await lockHolder(base);
    expect(holder?.pid).toBe(process.pid);
    expect(holder?.startTime).toBe(processStartTime(process.pid));
    await release();
    expect(await lockHolder(base)).toBeUndefined();
  });

  it("takes over a lock whose holder no longer exists", async () => {
    const base = path.join(root, ".lock");
    const { pid: deadPid } = spawnSync(process.execPath, ["-e", ""]);
    await writeHolder(`${base}.1`, { pid: deadPid as number });
    const release = await acquireLock(base);
    expect((await lockHolder(base))?.pid).toBe(process.pid);
    await release();
  });

  it("takes over a lock whose PID runs again but as another process (a reused PID: different start time)", async () => {
    const base = path.join(root, ".lock");
    await writeHolder(`${base}.1`, { pid: process.pid, startTime: "1", ...(currentIdentity().bootId ? { bootId: currentIdentity().bootId } : {}) });
    const release = await acquireLock(base);
    expect((await lockHolder(base))?.startTime).toBe(currentIdentity().startTime);
    await release();
  });

  it("takes over a lock written before a reboot (another boot id)", async () => {
    const base = path.join(root, ".lock");
    await writeHolder(`${base}.1`, { pid: process.pid, startTime: currentIdentity().startTime, bootId: "00000000-0000-0000-0000-000000000000" });
    await (await acquireLock(base))();
  });

  it("lets exactly one of many racing acquirers take over the same stale lock", async () => {
    for (let round = 0; round < 5; round++) {
      const base = path.join(root, `.lock-${round}`);
      const { pid: deadPid } = spawnSync(process.execPath, ["-e", ""]);
      await writeHolder(`${base}.3`, { pid: deadPid as number });
      const results = await Promise.allSettled(Array.from({ length: 6 }, () => acquireLock(base)));
      const held = results.filter((result): result is PromiseFulfilledResult<() => Promise<void>> => result.status === "fulfilled");
      expect(held).toHaveLength(1);
      for (const result of results) if (result.status === "rejected") expect(result.reason).toBeInstanceOf(IndexBusyError);
      await held[0]?.value();
    }
  });

  it("lets exactly one of two racing processes take over a stale lock (real processes)", async () => {
    const base = path.join(root, ".lock");
    const { pid: deadPid } = spawnSync(process.execPath, ["-e", ""]);
    await writeHolder(`${base}.1`, { pid: deadPid as number });
    const script = `import { acquireLock } from ${JSON.stringify(path.resolve("src/store/lock.ts"))}; try { const release = await acquireLock(${JSON.stringify(base)}); await new Promise((r) => setTimeout(r, 1500)); await release(); console.log("held"); } catch (error) { console.log(error.name); }`;
    const run = () =>
      new Promise<string>((resolve) => {
        const child = spawn(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script], { stdio: ["ignore", "pipe", "inherit"] });
        let out = "";
        child.stdout.on("data", (data) => (out += String(data)));
        child.on("exit", () => resolve(out.trim()));
      });
    const outcomes = (await Promise.all([run(), run()])).sort();
    expect(outcomes).toEqual(["IndexBusyError", "held"]);
  }, 60_000);

  it("waits for a live holder when asked to, reporting who holds it, and takes the lock once it is released", async () => {
    const base = path.join(root, ".lock");
    const release = await acquireLock(base);
    const waits: number[] = [];
    const waiting = acquireLock(base, { wait: true, pollMs: 20, onWait: (holder, waitedMs) => (holder?.pid === process.pid ? waits.push(waitedMs) : undefined) });
    await new Promise((resolve) => setTimeout(resolve, 100));
    await release();
    await (await waiting)();
    expect(waits.length).toBeGreaterThan(0);
  });

  it("gives up waiting after timeoutMs with IndexBusyError", async () => {
    const base = path.join(root, ".lock");
    const release = await acquireLock(base);
    await expect(acquireLock(base, { wait: true, pollMs: 10, timeoutMs: 50 })).rejects.toBeInstanceOf(IndexBusyError);
    await release();
  });
});

describe("concurrent builds", () => {
  it("lets exactly one of two concurrent builds of one folder run; the other fails with IndexBusyError", async () => {
    const corpusDir = await makeCorpus();
    const indexDir = path.join(root, "index");
    const results = await Promise.allSettled([build(corpusDir, indexDir), build(corpusDir, indexDir)]);
    const fulfilled = results.filter((result): result is PromiseFulfilledResult<Manifest> => result.status === "fulfilled");
    const rejected = results.filter((result): result is PromiseRejectedResult => result.status === "rejected");
    expect(fulfilled).toHaveLength(1);
    expect(rejected).toHaveLength(1);
    expect(rejected[0]?.reason).toBeInstanceOf(IndexBusyError);
    expect((await loadIndex(indexDir)).manifest).toEqual(fulfilled[0]?.value);
    expect(await exists(lockFileFor(indexDir))).toBe(false);
  });
});

describe("openIndex", () => {
  async function makeModels(weights = "dummy weights"): Promise<string> {
    const modelsDir = path.join(root, "models");
    await fs.mkdir(path.join(modelsDir, "fake", path.dirname(MODEL_WEIGHTS_FILE)), { recursive: true });
    await fs.writeFile(path.join(modelsDir, "fake", MODEL_WEIGHTS_FILE), weights);
    return modelsDir;
  }

  async function open(corpusDir: string, modelsDir: string, autoRebuild: boolean, embedder = new FakeEmbedder(), log: (message: string) => void = () => {}) {
    return openIndex({ corpusDir, indexDir: path.join(root, "index"), modelsDir, modelId: "fake", embedder, autoRebuild, log });
  }

  it("builds a missing index when autoRebuild is on", async () => {
    const corpusDir = await makeCorpus();
    const modelsDir = await makeModels();
    const messages: string[] = [];
    const loaded = await open(corpusDir, modelsDir, true, new FakeEmbedder(), (message) => messages.push(message));
    expect(loaded.manifest.model).toEqual({ id: "fake", file: MODEL_WEIGHTS_FILE, sha256: sha256("dummy weights") });
    expect(loaded.manifest.counts.documents).toBe(2);
    expect(messages.join("\n")).toMatch(/missing/);
  });

  it("rebuilds an index made stale by a corpus change when autoRebuild is on", async () => {
    const corpusDir = await makeCorpus();
    const modelsDir = await makeModels();
    await open(corpusDir, modelsDir, true);
    await fs.writeFile(path.join(corpusDir, "gamma.txt"), "Gamma.\n");
    const loaded = await open(corpusDir, modelsDir, true);
    expect(Object.keys(loaded.manifest.corpus)).toContain("gamma.txt");
    expect(loaded.passages.documents.has("gamma")).toBe(true);
  });

  it("rebuilds an index made stale by new model weights when autoRebuild is on", async () => {
    const corpusDir = await makeCorpus();
    await open(corpusDir, await makeModels("old weights"), true);
    const loaded = await open(corpusDir, await makeModels("new weights"), true);
    expect(loaded.manifest.model.sha256).toBe(sha256("new weights"));
  });

  it("rebuilds a corrupt index when autoRebuild is on", async () => {
    const corpusDir = await makeCorpus();
    const modelsDir = await makeModels();
    const first = await open(corpusDir, modelsDir, true);
    await fs.truncate(path.join(root, "index", first.manifest.files.hnsw.name), 10);
    const loaded = await open(corpusDir, modelsDir, true);
    expect(loaded.manifest.files).toEqual(first.manifest.files);
    expect(loaded.vectors.count).toBe(first.manifest.counts.chunks);
  });

  it("serves a current index without embedding anything", async () => {
    const corpusDir = await makeCorpus();
    const modelsDir = await makeModels();
    const first = await open(corpusDir, modelsDir, true);
    const embedder = new FakeEmbedder();
    const loaded = await open(corpusDir, modelsDir, true, embedder);
    expect(embedder.calls).toEqual([]);
    expect(loaded.manifest).toEqual(first.manifest);
  });

  it("refuses a missing index with an error that says to run `npm run index` when autoRebuild is off", async () => {
    const corpusDir = await makeCorpus();
    const error = await expectUnusable(open(corpusDir, await makeModels(), false), "missing");
    expect(error.message).toContain("npm run index");
    expect(await exists(path.join(root, "index", MANIFEST_FILE))).toBe(false);
  });

  it("refuses a stale index with an error that says to run `npm run index` when autoRebuild is off", async () => {
    const corpusDir = await makeCorpus();
    const modelsDir = await makeModels();
    await open(corpusDir, modelsDir, true);
    await fs.appendFile(path.join(corpusDir, "alpha.txt"), "\nChanged.\n");
    const error = await expectUnusable(open(corpusDir, modelsDir, false), "stale");
    expect(error.message).toContain("npm run index");
    expect(error.message).toContain("alpha.txt");
  });

  it("refuses a corrupt index with an error that says to run `npm run index` when autoRebuild is off", async () => {
    const corpusDir = await makeCorpus();
    const modelsDir = await makeModels();
    const first = await open(corpusDir, modelsDir, true);
    await fs.writeFile(path.join(root, "index", first.manifest.files.passages.name), "{}");
    const error = await expectUnusable(open(corpusDir, modelsDir, false), "corrupt");
    expect(error.message).toContain("npm run index");
  });

  it("fails with a message naming the models folder when the model weights are absent", async () => {
    const corpusDir = await makeCorpus();
    const modelsDir = path.join(root, "no-models");
    await expect(open(corpusDir, modelsDir, true)).rejects.toThrow(/Model weights not found/);
  });
});

describe("FakeEmbedder", () => {
  it("returns the same unit-length vector for the same text and records the call", async () => {
    const embedder = new FakeEmbedder();
    const [a, b, c] = await embedder.embed(["Gao fell in 2012.", "Gao fell in 2012.", "Something else entirely"]);
    expect(Array.from(a ?? [])).toEqual(Array.from(b ?? []));
    expect(Array.from(a ?? [])).not.toEqual(Array.from(c ?? []));
    expect(Math.hypot(...(a ?? []))).toBeCloseTo(1, 6);
    expect(a).toHaveLength(FAKE_DIMENSIONS);
    expect(embedder.calls).toEqual([["Gao fell in 2012.", "Gao fell in 2012.", "Something else entirely"]]);
  });

  it("marks itself disposed", async () => {
    const embedder = new FakeEmbedder();
    expect(embedder.disposed).toBe(false);
    await embedder.dispose();
    expect(embedder.disposed).toBe(true);
  });
});
