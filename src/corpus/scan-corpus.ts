import type { Dirent } from "node:fs";
import { lstat, readdir, realpath, stat } from "node:fs/promises";
import path from "node:path";
import { DEFAULT_MAX_FILE_BYTES, type CorpusEntry, type CorpusReadOptions, type SkippedFile } from "./corpus-entry.js";
import { formatForFile } from "./document-format.js";

function isInside(root: string, target: string): boolean {
  const relative = path.relative(root, target);
  return relative === "" || (!relative.startsWith("..") && !path.isAbsolute(relative));
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * Lists the corpus folder recursively, in path order. Hidden entries (a leading dot) are left out;
 * symlinks are followed only while they stay inside the corpus. Links that leave it, dangling
 * links, link loops, folders named like documents, files too large and files of types no parser
 * reads are reported as skipped, never thrown.
 */
export async function scanCorpus(corpusDir: string, options: CorpusReadOptions = {}): Promise<{ entries: CorpusEntry[]; skipped: SkippedFile[] }> {
  const { maxFileBytes = DEFAULT_MAX_FILE_BYTES } = options;
  const root = await realpath(corpusDir);
  const entries: CorpusEntry[] = [];
  const skipped: SkippedFile[] = [];
  const walked = new Set<string>([root]);

  const walk = async (realDir: string, relativeDir: string, ancestors: Set<string>): Promise<void> => {
    let children: Dirent[];
    try {
      children = await readdir(path.join(corpusDir, relativeDir), { withFileTypes: true });
    } catch (error) {
      skipped.push({ relativePath: relativeDir || ".", reason: "unreadable", detail: errorText(error) });
      return;
    }
    children.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const child of children) {
      if (child.name.startsWith(".")) continue;
      const relativePath = relativeDir ? `${relativeDir}/${child.name}` : child.name;
      const absolutePath = path.join(corpusDir, relativePath);
      const skip = (reason: SkippedFile["reason"], detail: string) => skipped.push({ relativePath, reason, detail });
      try {
        let target = path.join(realDir, child.name);
        const linkStats = await lstat(absolutePath);
        if (linkStats.isSymbolicLink()) {
          try {
            target = await realpath(absolutePath);
          } catch (error) {
            skip((error as NodeJS.ErrnoException).code === "ELOOP" ? "link-loop" : "dangling-link", errorText(error));
            continue;
          }
          if (!isInside(root, target)) {
            skip("outside-corpus", "a symbolic link to a place outside the corpus folder");
            continue;
          }
        }
        const stats = linkStats.isSymbolicLink() ? await stat(absolutePath) : linkStats;
        if (stats.isDirectory()) {
          if (formatForFile(child.name)) {
            skip("not-a-file", "a folder named like a document; its contents are not read");
          } else if (ancestors.has(target)) {
            skip("link-loop", "a symbolic link to a folder that contains it");
          } else if (walked.has(target)) {
            skip("link-loop", "a folder already read under another path");
          } else {
            walked.add(target);
            await walk(target, relativePath, new Set([...ancestors, target]));
          }
        } else if (!stats.isFile()) {
          if (formatForFile(child.name)) skip("not-a-file", "not a regular file");
        } else if (!formatForFile(child.name)) {
          skip("unsupported", `no parser for ${path.extname(child.name) || "files without an extension"}`);
        } else if (stats.size > maxFileBytes) {
          skip("too-large", `${stats.size} bytes; the limit is ${maxFileBytes} (MAX_FILE_BYTES)`);
        } else {
          entries.push({ relativePath, absolutePath, size: stats.size, mtimeMs: stats.mtimeMs });
        }
      } catch (error) {
        skip("unreadable", errorText(error));
      }
    }
  };

  await walk(root, "", new Set([root]));
  const byPath = (a: { relativePath: string }, b: { relativePath: string }) => (a.relativePath < b.relativePath ? -1 : a.relativePath > b.relativePath ? 1 : 0);
  return { entries: entries.sort(byPath), skipped: skipped.sort(byPath) };
}
