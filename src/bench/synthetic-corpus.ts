import { mkdir, readdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { CORPUS_EXTENSIONS } from "../corpus/load-corpus.js";

/**
 * Writes `factor` variants of every corpus document: the same structure and language, with titles
 * marked and every digit shifted, so that no two variants share a chunk's text.
 */
export async function writeSyntheticCorpus(sourceDir: string, targetDir: string, factor: number): Promise<number> {
  await mkdir(targetDir, { recursive: true });
  const names = (await readdir(sourceDir)).filter((name) => CORPUS_EXTENSIONS.test(name));
  let written = 0;
  for (const name of names) {
    const source = await readFile(path.join(sourceDir, name), "utf8");
    for (let variant = 1; variant <= factor; variant++) {
      const text = source
        .replace(/^(=\s*)(.+?)(\s*=)$/m, `$1$2 (variant ${variant})$3`)
        .replace(/\d/g, (digit) => String((Number(digit) + variant) % 10));
      await writeFile(path.join(targetDir, name.replace(CORPUS_EXTENSIONS, `-v${variant}$&`)), text);
      written++;
    }
  }
  return written;
}
