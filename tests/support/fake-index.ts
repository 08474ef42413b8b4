import { mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { buildIndex } from "../../src/store/build-index.js";
import { loadIndex, type LoadedIndex } from "../../src/store/load-index.js";
import { FakeEmbedder } from "./fake-embedder.js";

/**
 * A tiny index of the given documents, built with the fake embedder, for tests of the HTTP layer
 * that need an index but not meaningful retrieval (security headers, escaping, error handling).
 */
export async function buildFakeIndex(documents: Record<string, string>): Promise<{ index: LoadedIndex; embedder: FakeEmbedder; cleanup: () => Promise<void> }> {
  const root = await mkdtemp(path.join(os.tmpdir(), "fake-index-"));
  const corpusDir = path.join(root, "corpus");
  const indexDir = path.join(root, "index");
  await import("node:fs/promises").then((fs) => fs.mkdir(corpusDir));
  for (const [name, text] of Object.entries(documents)) await writeFile(path.join(corpusDir, name), text);
  const embedder = new FakeEmbedder();
  await buildIndex({ corpusDir, indexDir, embedder, model: { id: "fake", file: "onnx/model_quantized.onnx", sha256: "0".repeat(64) } });
  return { index: await loadIndex(indexDir), embedder, cleanup: () => rm(root, { recursive: true, force: true }) };
}
