import { spawn } from "node:child_process";
import fs from "node:fs/promises";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { BUILD_PHASES, lockFileFor, updateIndex } from "../src/store/build-index.js";
import { lockHolder } from "../src/store/lock.js";
import { loadIndex } from "../src/store/load-index.js";
import { MANIFEST_FILE, type Manifest } from "../src/store/manifest.js";
import { FakeEmbedder } from "./support/fake-embedder.js";
import { FAKE_MODEL, makeSmallCorpus, smallDocument } from "./support/small-corpus.js";

/**
 * kill -9 at every phase of an incremental update, as a real process death: a child process runs
 * the update and SIGKILLs itself at the phase under test (tests/support/update-until-killed.ts).
 * Unlike an exception, nothing runs after the kill — no `finally`, no lock release, no cleanup.
 */
const ROOT = path.resolve(import.meta.dirname, "..");

let root: string;
let corpusDir: string;
let indexDir: string;

beforeEach(async () => {
  ({ root, corpusDir, indexDir } = await makeSmallCorpus("index-kill-test-"));
});
afterEach(() => fs.rm(root, { recursive: true, force: true }));

const update = () => updateIndex({ corpusDir, indexDir, embedder: new FakeEmbedder(), model: FAKE_MODEL });

/** Runs the update in a child process that kills itself at `phase`; resolves once the process is gone (and reaped). */
function updateKilledAt(phase: string): Promise<{ signal: NodeJS.Signals | null; code: number | null; pid: number; reached: string[]; stderr: string }> {
  const child = spawn(process.execPath, ["--import", "tsx", "tests/support/update-until-killed.ts"], {
    cwd: ROOT,
    env: { ...process.env, CORPUS_DIR: corpusDir, INDEX_DIR: indexDir, KILL_AT: phase },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (chunk) => (stdout += String(chunk)));
  child.stderr.on("data", (chunk) => (stderr += String(chunk)));
  // "close", not "exit": the pipes are drained too, so every phase the child printed is here.
  return new Promise((resolve, reject) => {
    child.on("error", reject);
    child.on("close", (code, signal) => resolve({ signal, code, pid: child.pid as number, reached: stdout.split("\n").filter(Boolean), stderr }));
  });
}

/** Data files in the index folder that the published manifest does not name (left by the killed build). */
async function orphans(manifest: Manifest): Promise<string[]> {
  const named = new Set([MANIFEST_FILE, ...Object.values(manifest.files).map((file) => file.name)]);
  return (await fs.readdir(indexDir)).filter((name) => !named.has(name) && !name.startsWith(".lock"));
}

describe("kill -9 at every phase of an incremental update", () => {
  it.each(BUILD_PHASES)(
    "after a SIGKILL at %s the index is wholly the old or the new one, its lock does not block, and the next update cleans up",
    async (phase) => {
      const old = (await update()).manifest;
      await fs.writeFile(path.join(corpusDir, "delta.md"), smallDocument("delta", "harbour crane"));

      const killed = await updateKilledAt(phase);
      expect(killed.signal, killed.stderr).toBe("SIGKILL");
      expect(killed.reached).toEqual(BUILD_PHASES.slice(0, BUILD_PHASES.indexOf(phase) + 1));

      // Wholly old or wholly new: every file the manifest names verifies, and the counts agree.
      const loaded = await loadIndex(indexDir);
      const isNew = BUILD_PHASES.indexOf(phase) >= BUILD_PHASES.indexOf("published");
      if (isNew) {
        expect(loaded.manifest.files).not.toEqual(old.files);
        expect(loaded.manifest.documents.map((record) => record.relativePath)).toEqual(["alpha.md", "beta.md", "delta.md", "gamma.md"]);
      } else {
        expect(loaded.manifest).toEqual(old);
      }
      expect(loaded.passages.data.documents.map((document) => document.id).sort()).toEqual(loaded.manifest.documents.map((record) => record.id).sort());
      expect(loaded.passages.data.chunks.length).toBe(loaded.vectors.count);

      // The killed process still "holds" its lock file, but is recognised as gone.
      const lockFiles = (await fs.readdir(indexDir)).filter((name) => /^\.lock\.\d+$/.test(name));
      expect(lockFiles).toHaveLength(1);
      const left = JSON.parse(await fs.readFile(path.join(indexDir, lockFiles[0] as string), "utf8")) as { pid: number };
      expect(left.pid).toBe(killed.pid);
      expect(await lockHolder(lockFileFor(indexDir))).toBeUndefined();
      // A kill between writing the data files and cleaning leaves files the manifest does not name.
      const debris = await orphans(loaded.manifest);
      if (["wrote-passages", "wrote-hnsw", "wrote-sentences", "wrote-embeddings", "wrote-lexical", "published"].includes(phase)) expect(debris.length).toBeGreaterThan(0);

      // The next update, which does not wait for locks, takes the dead lock and completes the change.
      const next = await update();
      expect(next.manifest.documents.map((record) => record.relativePath)).toEqual(["alpha.md", "beta.md", "delta.md", "gamma.md"]);
      expect((await loadIndex(indexDir)).manifest).toEqual(next.manifest);
      // Nothing is left but the manifest and the files it names: no orphans, temporaries or lock files.
      expect(await fs.readdir(indexDir).then((names) => names.sort())).toEqual([MANIFEST_FILE, ...Object.values(next.manifest.files).map((file) => file.name)].sort());
    },
    30_000,
  );
});
