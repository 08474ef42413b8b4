import ort from "onnxruntime-node";

let limited = false;

/**
 * Makes every ONNX session this thread creates use `intraOpNumThreads` threads for one operator.
 * transformers.js 2.x creates its sessions without session options (onnxruntime then starts one
 * thread per core in every session), so the setting is added where sessions are created. Measured
 * on 2 cores: two workers with one thread each serve more questions per second than one worker
 * with two (README, "Speed").
 */
export function limitOnnxThreads(intraOpNumThreads: number): void {
  if (limited) return;
  limited = true;
  const session = ort.InferenceSession as unknown as { create: (...args: unknown[]) => Promise<unknown> };
  const create = session.create.bind(session);
  session.create = (source: unknown, ...rest: unknown[]) => {
    // create(path | buffer, options?) or create(buffer, offset, length, options?): options come last.
    const last = rest.length > 0 && typeof rest[rest.length - 1] === "object" ? (rest.pop() as object) : {};
    return create(source, ...rest, { ...last, intraOpNumThreads, interOpNumThreads: 1 });
  };
}
