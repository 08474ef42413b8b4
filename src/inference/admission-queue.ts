/** The inference queue is full: the caller should answer 503 with `Retry-After` instead of waiting. */
export class QueueFullError extends Error {
  override name = "QueueFullError";
}

export interface AdmissionOptions {
  /** Tasks that may run at once (one per worker thread). */
  capacity: number;
  /** Tasks that may wait for a free worker before new ones are refused. */
  maxQueue: number;
}

export interface RunOptions {
  /** Aborting drops the task while it waits; a task already running finishes and its result is discarded. */
  signal?: AbortSignal;
  /**
   * Bounded tasks (a request's inference) are refused with QueueFullError when the queue is full;
   * unbounded ones (an index build, which must finish) always wait their turn.
   */
  bounded?: boolean;
}

interface Waiting<Task, Result> {
  task: Task;
  resolve: (result: Result) => void;
  reject: (error: unknown) => void;
  signal?: AbortSignal;
  onAbort?: () => void;
}

function abortReason(signal: AbortSignal): unknown {
  return signal.reason ?? new DOMException("The operation was aborted", "AbortError");
}

/**
 * A bounded queue in front of a worker pool. Piscina's own abort terminates the worker when the task
 * is already running (and the next task then pays for a model load), so tasks are handed to the pool
 * only when a worker is free, and cancellation only ever removes a task that is still waiting here.
 */
export class AdmissionQueue<Task, Result> {
  private readonly waiting: Waiting<Task, Result>[] = [];
  private running = 0;
  private idleWaiters: (() => void)[] = [];
  /** Set by close(): every later task is refused with it. */
  private closedReason: unknown;

  constructor(
    private readonly dispatch: (task: Task) => Promise<Result>,
    private readonly options: AdmissionOptions,
  ) {}

  /** Tasks waiting for a worker. */
  get queued(): number {
    return this.waiting.length;
  }

  /** Tasks handed to the workers and not finished. */
  get active(): number {
    return this.running;
  }

  /** True when a bounded task would be refused now. */
  get full(): boolean {
    return this.running >= this.options.capacity && this.waiting.length >= this.options.maxQueue;
  }

  run(task: Task, { signal, bounded = true }: RunOptions = {}): Promise<Result> {
    if (this.closedReason !== undefined) return Promise.reject(this.closedReason);
    if (signal?.aborted) return Promise.reject(abortReason(signal));
    if (this.running < this.options.capacity) return this.start(task);
    if (bounded && this.waiting.length >= this.options.maxQueue) {
      return Promise.reject(new QueueFullError(`The inference queue is full (${this.options.maxQueue} waiting)`));
    }
    return new Promise<Result>((resolve, reject) => {
      const entry: Waiting<Task, Result> = { task, resolve, reject, signal };
      if (signal) {
        entry.onAbort = () => {
          const position = this.waiting.indexOf(entry);
          if (position >= 0) this.waiting.splice(position, 1);
          reject(abortReason(signal));
        };
        signal.addEventListener("abort", entry.onAbort, { once: true });
      }
      this.waiting.push(entry);
    });
  }

  private start(task: Task): Promise<Result> {
    this.running++;
    const result = this.dispatch(task);
    const next = () => {
      this.running--;
      this.startNext();
      if (this.running === 0) for (const resolve of this.idleWaiters.splice(0)) resolve();
    };
    result.then(next, next);
    return result;
  }

  private startNext(): void {
    const entry = this.waiting.shift();
    if (!entry) return;
    if (entry.signal && entry.onAbort) entry.signal.removeEventListener("abort", entry.onAbort);
    this.start(entry.task).then(entry.resolve, entry.reject);
  }

  /** Resolves once no task is running (waiting ones included in "running" once started). */
  idle(): Promise<void> {
    if (this.running === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  /** Refuses every waiting task and every later one: the pool is shutting down. */
  close(reason: unknown): void {
    this.closedReason = reason;
    for (const entry of this.waiting.splice(0)) {
      if (entry.signal && entry.onAbort) entry.signal.removeEventListener("abort", entry.onAbort);
      entry.reject(reason);
    }
  }
}
