// Piscina loads this plain-JavaScript file in every worker thread. It registers tsx in the worker
// itself, so the TypeScript worker loads whatever loader the parent thread was started with (npm
// start, vitest, the bench), then hands Piscina the task function.
import { register } from "tsx/esm/api";

register();
const { default: runTask } = await import("./inference-worker.ts");
export default runTask;
