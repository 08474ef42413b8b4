import { describe, expect, it } from "vitest";
import { AdmissionQueue, QueueFullError } from "../src/inference/admission-queue.js";

/** A dispatch whose tasks finish only when the test says so, recording what reached the "workers". */
function controlledDispatch() {
  const started: string[] = [];
  const finishers = new Map<string, () => void>();
  const dispatch = (task: string) =>
    new Promise<string>((resolve) => {
      started.push(task);
      finishers.set(task, () => resolve(`done ${task}`));
    });
  const finish = async (task: string) => {
    finishers.get(task)?.();
    // Let the queue hand the next task over.
    await new Promise((resolve) => setImmediate(resolve));
  };
  return { started, dispatch, finish };
}

describe("the admission queue in front of the inference workers", () => {
  it("runs as many tasks as there are workers and starts the others in order as workers free up", async () => {
    const { started, dispatch, finish } = controlledDispatch();
    const queue = new AdmissionQueue(dispatch, { capacity: 2, maxQueue: 10 });
    const results = ["a", "b", "c", "d"].map((task) => queue.run(task));
    expect(started).toEqual(["a", "b"]);
    expect({ active: queue.active, queued: queue.queued }).toEqual({ active: 2, queued: 2 });
    await finish("b");
    expect(started).toEqual(["a", "b", "c"]);
    await finish("a");
    await finish("c");
    await finish("d");
    expect(await Promise.all(results)).toEqual(["done a", "done b", "done c", "done d"]);
    expect({ active: queue.active, queued: queue.queued }).toEqual({ active: 0, queued: 0 });
  });

  it("drops a waiting task when its request is cancelled: it never reaches a worker", async () => {
    const { started, dispatch, finish } = controlledDispatch();
    const queue = new AdmissionQueue(dispatch, { capacity: 1, maxQueue: 10 });
    const cancelled = new AbortController();
    const running = queue.run("running");
    const dropped = queue.run("dropped", { signal: cancelled.signal });
    const kept = queue.run("kept");
    cancelled.abort(new Error("client went away"));
    await expect(dropped).rejects.toThrow("client went away");
    expect(queue.queued).toBe(1);
    await finish("running");
    await finish("kept");
    await Promise.all([running, kept]);
    expect(started).toEqual(["running", "kept"]);
  });

  it("lets a running task finish when its request is cancelled, and does not start a task cancelled before it was asked", async () => {
    const { started, dispatch, finish } = controlledDispatch();
    const queue = new AdmissionQueue(dispatch, { capacity: 1, maxQueue: 10 });
    const controller = new AbortController();
    const running = queue.run("running", { signal: controller.signal });
    controller.abort();
    await expect(queue.run("late", { signal: controller.signal })).rejects.toThrow();
    await finish("running");
    expect(await running).toBe("done running");
    expect(started).toEqual(["running"]);
  });

  it("refuses a request's task when the queue is full, but lets an index build's task wait", async () => {
    const { started, dispatch, finish } = controlledDispatch();
    const queue = new AdmissionQueue(dispatch, { capacity: 1, maxQueue: 1 });
    const first = queue.run("first");
    const second = queue.run("second");
    expect(queue.full).toBe(true);
    await expect(queue.run("third")).rejects.toBeInstanceOf(QueueFullError);
    const build = queue.run("build", { bounded: false });
    await finish("first");
    await finish("second");
    await finish("build");
    expect(await Promise.all([first, second, build])).toEqual(["done first", "done second", "done build"]);
    expect(started).toEqual(["first", "second", "build"]);
    expect(queue.full).toBe(false);
  });

  it("frees the worker's slot when a task fails", async () => {
    let calls = 0;
    const queue = new AdmissionQueue(async (task: string) => {
      calls++;
      if (task === "bad") throw new Error("model failed");
      return task;
    }, { capacity: 1, maxQueue: 5 });
    const results = await Promise.allSettled([queue.run("bad"), queue.run("good")]);
    expect(results.map((result) => result.status)).toEqual(["rejected", "fulfilled"]);
    expect(calls).toBe(2);
    expect(queue.active).toBe(0);
  });

  it("refuses every waiting task, and every later one, once closed", async () => {
    const { started, dispatch } = controlledDispatch();
    const queue = new AdmissionQueue(dispatch, { capacity: 2, maxQueue: 5 });
    void queue.run("running");
    void queue.run("running too");
    const waiting = queue.run("waiting");
    queue.close(new Error("shutting down"));
    await expect(waiting).rejects.toThrow("shutting down");
    expect(queue.queued).toBe(0);
    // Even with a worker free, nothing new starts on a pool that is being destroyed.
    await expect(queue.run("late", { bounded: false })).rejects.toThrow("shutting down");
    expect(started).toEqual(["running", "running too"]);
  });
});

describe("waiting for the workers to be idle", () => {
  it("resolves only once every started task has finished", async () => {
    const { dispatch, finish } = controlledDispatch();
    const queue = new AdmissionQueue(dispatch, { capacity: 2, maxQueue: 5 });
    void queue.run("a");
    void queue.run("b");
    let idle = false;
    void queue.idle().then(() => (idle = true));
    await finish("a");
    expect(idle).toBe(false);
    await finish("b");
    expect(idle).toBe(true);
    await expect(queue.idle()).resolves.toBeUndefined();
  });
});
