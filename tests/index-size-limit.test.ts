import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { updateIndex } from "../src/store/build-index.js";
import { FakeEmbedder } from "./support/fake-embedder.js";

describe("MAX_FILE_BYTES in an index update", () => {
  let root: string;
  afterEach(() => rm(root, { recursive: true, force: true }));

  it("skips a file over the limit with that reason and indexes the rest", async () => {
    root = await mkdtemp(path.join(os.tmpdir(), "size-limit-"));
    const corpusDir = path.join(root, "corpus");
    await mkdir(corpusDir);
    await writeFile(path.join(corpusDir, "small.md"), "# Small\n\nA short note about the station.\n");
    await writeFile(path.join(corpusDir, "large.md"), `# Large\n\n${"A long paragraph about the bridge. ".repeat(200)}\n`);
    const { manifest } = await updateIndex({
      corpusDir,
      indexDir: path.join(root, "index"),
      embedder: new FakeEmbedder(),
      model: { id: "fake", file: "onnx/model_quantized.onnx", sha256: "0".repeat(64) },
      maxFileBytes: 1024,
    });
    expect(manifest.documents.map((document) => document.relativePath)).toEqual(["small.md"]);
    expect(manifest.skipped).toEqual([expect.objectContaining({ relativePath: "large.md", reason: "too-large" })]);
  });
});
