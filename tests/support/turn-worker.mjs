// A worker thread that takes one turn of a oneAtATime lock over the memory it is given, tells the
// parent when it has the turn, and gives it back. tsx is registered here, as in worker-entry.mjs.
import { parentPort, workerData } from "node:worker_threads";
import { register } from "tsx/esm/api";

register();
// A pending Atomics.waitAsync does not keep a thread alive; a port with a listener does (as in Piscina's workers).
parentPort.on("message", () => {});
const { oneAtATime } = await import("../../src/inference/one-at-a-time.ts");
parentPort.postMessage("waiting");
await oneAtATime(workerData)(async () => {
  parentPort.postMessage("turn");
});
parentPort.close();
