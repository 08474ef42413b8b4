import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import iconv from "iconv-lite";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { formatCorpusSummary } from "../src/corpus/corpus-summary.js";
import { documentIdFor, loadCorpus, readCorpusEntry, scanCorpus } from "../src/corpus/load-corpus.js";
import { DOCUMENT_ID_PATTERN, MAX_ID_LENGTH, PARAGRAPH_ID_PATTERN } from "../src/corpus/slug.js";

let root: string;
let corpus: string;

beforeEach(async () => {
  root = await fs.mkdtemp(path.join(os.tmpdir(), "corpus-tree-test-"));
  corpus = path.join(root, "corpus");
  await fs.mkdir(corpus);
});

afterEach(async () => {
  await fs.rm(root, { recursive: true, force: true });
});

async function write(relativePath: string, content: string | Uint8Array): Promise<void> {
  const target = path.join(corpus, relativePath);
  await fs.mkdir(path.dirname(target), { recursive: true });
  await fs.writeFile(target, content);
}

function reasons(skipped: { relativePath: string; reason: string }[]): Record<string, string> {
  return Object.fromEntries(skipped.map((file) => [file.relativePath, file.reason]));
}

describe("scanCorpus and loadCorpus over a folder tree", () => {
  it("reads subfolders in path order and gives each document its relative path as a slug path", async () => {
    await write("index.md", "# Home\n\nWelcome.");
    await write("Guides/Getting Started.md", "# Getting started\n\nInstall it.");
    await write("Guides/deep/er/Notes.txt", "Some notes.");
    const loaded = await loadCorpus(corpus);
    expect(loaded.documents.map((document) => [document.id, document.relativePath, document.format])).toEqual([
      ["guides/getting-started", "Guides/Getting Started.md", "markdown"],
      ["guides/deep/er/notes", "Guides/deep/er/Notes.txt", "text"],
      ["index", "index.md", "markdown"],
    ]);
    expect(loaded.formats).toEqual({ "Guides/deep/er/Notes.txt": "text", "Guides/Getting Started.md": "markdown", "index.md": "markdown" });
    for (const document of loaded.documents) {
      expect(document.id).toMatch(DOCUMENT_ID_PATTERN);
      for (const paragraph of document.paragraphs) expect(paragraph.id).toMatch(PARAGRAPH_ID_PATTERN);
    }
  });

  it("skips links out of the corpus, dangling links, link loops and folders named like documents, with reasons and without throwing", async () => {
    await write("good.md", "Good text.");
    await fs.writeFile(path.join(root, "secret.txt"), "outside the corpus");
    await fs.symlink(path.join(root, "secret.txt"), path.join(corpus, "passwd.txt"));
    await fs.symlink(root, path.join(corpus, "up"));
    await fs.symlink(path.join(corpus, "missing.md"), path.join(corpus, "dangling.md"));
    await fs.mkdir(path.join(corpus, "loop"));
    await fs.symlink(path.join(corpus, "loop"), path.join(corpus, "loop", "again"));
    await fs.symlink(path.join(corpus, "self.md"), path.join(corpus, "self.md")).catch(() => undefined);
    await fs.mkdir(path.join(corpus, "x.txt"));
    await write("x.txt/inside.md", "Inside a folder named like a document.");
    await write(".hidden/notes.md", "Hidden.");
    await write(".draft.md", "Hidden too.");
    await write("linked.md", "Linked text.");
    await fs.symlink(path.join(corpus, "linked.md"), path.join(corpus, "alias.md"));
    const { entries, skipped } = await scanCorpus(corpus);
    expect(entries.map((entry) => entry.relativePath)).toEqual(["alias.md", "good.md", "linked.md"]);
    expect(reasons(skipped)).toEqual({
      "dangling.md": "dangling-link",
      "loop/again": "link-loop",
      "passwd.txt": "outside-corpus",
      "self.md": "link-loop",
      up: "outside-corpus",
      "x.txt": "not-a-file",
    });
    const loaded = await loadCorpus(corpus);
    expect(loaded.documents.map((document) => document.id)).toEqual(["alias", "good", "linked"]);
    expect(JSON.stringify(loaded.documents)).not.toContain("outside the corpus");
  });

  it("skips a binary file saved as .txt, an empty file, an unsupported type and a file over the size limit", async () => {
    await write("binary.txt", Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48, 0x44, 0x52]));
    await write("empty.md", "");
    await write("blank.txt", "\n\n   \n");
    await write("image.png", "not really");
    await write("big.txt", "x".repeat(2048));
    await write("ok.txt", "Fine.");
    const loaded = await loadCorpus(corpus, { maxFileBytes: 1024 });
    expect(loaded.documents.map((document) => document.id)).toEqual(["ok"]);
    expect(reasons(loaded.skipped)).toEqual({ "big.txt": "too-large", "binary.txt": "binary", "blank.txt": "empty", "empty.md": "empty", "image.png": "unsupported" });
    const summary = formatCorpusSummary({ documents: loaded.documents, passages: 1, skipped: loaded.skipped });
    expect(summary[0]).toBe("Indexed 1 document (1 text), 1 passages; skipped 5 files.");
    expect(summary.slice(1).join("\n")).toMatch(/skipped big\.txt: too-large \(2048 bytes; the limit is 1024/);
  });

  it("decodes a Latin-1 file by detection, with a warning, instead of producing replacement characters", async () => {
    await write("latin1.txt", iconv.encode("Le café de la gare est fermé. Ça coûte très cher à Besançon, déjà à l'été.", "latin1"));
    await write("bom.md", Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from("# Titre\n\nDéjà vu.", "utf8")]));
    const loaded = await loadCorpus(corpus);
    const latin = loaded.documents.find((document) => document.id === "latin1");
    expect(latin?.paragraphs[0]?.text).toBe("Le café de la gare est fermé. Ça coûte très cher à Besançon, déjà à l'été.");
    expect(loaded.warnings["latin1.txt"]?.[0]).toMatch(/not valid UTF-8; decoded as (ISO-8859-1|windows-1252)/);
    expect(loaded.documents.find((document) => document.id === "bom")?.paragraphs[0]?.text).toBe("Déjà vu.");
    expect(loaded.warnings["bom.md"]).toBeUndefined();
  });

  it("parses a 5 MB single-line file in seconds, cut into bounded passages", async () => {
    const sentence = "The column moved north along the river and reached the town before the rains came. ";
    await write("huge.txt", sentence.repeat(Math.ceil(5_000_000 / sentence.length)));
    const began = performance.now();
    const loaded = await loadCorpus(corpus);
    const seconds = (performance.now() - began) / 1000;
    const paragraphs = loaded.documents[0]?.paragraphs ?? [];
    expect(paragraphs.length).toBeGreaterThan(500);
    expect(Math.max(...paragraphs.map((paragraph) => paragraph.text.length))).toBeLessThanOrEqual(8000);
    // The bound is the point: the old parser took minutes on such a file (CPU-starved CI machines included).
    expect(seconds).toBeLessThan(30);
  }, 60_000);

  it("reads one entry without a scan and reports a vanished file as unreadable", async () => {
    await write("a.md", "# A\n\nText.");
    const { entries } = await scanCorpus(corpus);
    const entry = entries[0] as (typeof entries)[number];
    const read = await readCorpusEntry(corpus, entry);
    expect("document" in read && read.document.id).toBe("a");
    await fs.rm(path.join(corpus, "a.md"));
    const gone = await readCorpusEntry(corpus, entry);
    expect("skipped" in gone && gone.skipped.reason).toBe("unreadable");
  });
});

describe("documentIdFor", () => {
  it("is the slug path of the relative path without extension, stable and bounded", () => {
    expect(documentIdFor("Guides/Getting Started.md")).toBe("guides/getting-started");
    expect(documentIdFor("日本/中国.txt")).toMatch(/^document-[0-9a-f]{8}\/document-[0-9a-f]{8}$/);
    const deep = `${"very long folder name ".repeat(5)}/`.repeat(10) + "file.md";
    expect(documentIdFor(deep)).toBe(documentIdFor(deep));
    expect(documentIdFor(deep).length).toBeLessThanOrEqual(120);
    expect(documentIdFor(deep)).toMatch(DOCUMENT_ID_PATTERN);
  });

  it("keeps every paragraph id of deeply nested long headings within the id limit", async () => {
    const headings = Array.from({ length: 6 }, (_, level) => `${"#".repeat(level + 1)} ${"A rather long heading that goes on and on ".repeat(3)}${level}\n\nText ${level}.\n`).join("\n");
    await write(`${"folder ".repeat(12)}/${"name ".repeat(12)}.md`, headings);
    const loaded = await loadCorpus(corpus);
    for (const paragraph of loaded.documents[0]?.paragraphs ?? []) {
      expect(paragraph.id.length).toBeLessThanOrEqual(MAX_ID_LENGTH);
      expect(paragraph.id).toMatch(PARAGRAPH_ID_PATTERN);
    }
  });
});
