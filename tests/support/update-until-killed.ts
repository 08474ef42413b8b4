/**
 * A child process for tests/index-kill.int.test.ts: runs one incremental update of INDEX_DIR from
 * CORPUS_DIR and, on reaching the phase named by KILL_AT, sends itself SIGKILL — a real kill -9,
 * with no `finally`, no lock release and no flush, as a power cut or the OOM killer would.
 * Each phase it reaches is printed first, so the parent sees how far the update got.
 *
 * The fake embedder stands in for the model: what is under test is the file and lock handling of a
 * real process dying, not retrieval.
 */
import { updateIndex, type BuildPhase } from "../../src/store/build-index.js";
import { FakeEmbedder } from "./fake-embedder.js";
import { FAKE_MODEL } from "./small-corpus.js";

const { CORPUS_DIR: corpusDir, INDEX_DIR: indexDir, KILL_AT: killAt } = process.env;
if (!corpusDir || !indexDir || !killAt) throw new Error("set CORPUS_DIR, INDEX_DIR and KILL_AT");

await updateIndex({
  corpusDir,
  indexDir,
  embedder: new FakeEmbedder(),
  model: FAKE_MODEL,
  checkpoint: (phase: BuildPhase) => {
    process.stdout.write(`${phase}\n`);
    if (phase === killAt) process.kill(process.pid, "SIGKILL");
  },
});
process.stdout.write("finished\n");
