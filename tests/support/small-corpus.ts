import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";

/** The model fingerprint the fake embedder's indexes record. */
export const FAKE_MODEL = { id: "fake", file: "onnx/model_quantized.onnx", sha256: "0".repeat(64) };

/** A small Markdown document about `title` with two passages that mention `words`. */
export const smallDocument = (title: string, words: string) => `# ${title}\n\n${title} ${words}. It is described here.\n\n## More\n${title} has more ${words}.\n`;

/** A temporary folder with `corpus/` holding alpha.md, beta.md and gamma.md, and room for `index/`. */
export async function makeSmallCorpus(prefix: string): Promise<{ root: string; corpusDir: string; indexDir: string }> {
  const root = await fs.mkdtemp(path.join(os.tmpdir(), prefix));
  const corpusDir = path.join(root, "corpus");
  await fs.mkdir(corpusDir);
  for (const [name, words] of [["alpha", "river delta"], ["beta", "mountain pass"], ["gamma", "desert oasis"]] as const) {
    await fs.writeFile(path.join(corpusDir, `${name}.md`), smallDocument(name, words));
  }
  return { root, corpusDir, indexDir: path.join(root, "index") };
}
