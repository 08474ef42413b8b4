/**
 * A turn-taking lock over one Int32 of shared memory, for work that threads of one process should
 * not run at the same time (each thread creates its own lock over the same buffer). Not fair: a
 * waiting thread takes its turn when the holder finishes and it wins the exchange.
 */
export function oneAtATime(shared: SharedArrayBuffer): (work: () => Promise<void>) => Promise<void> {
  const flag = new Int32Array(shared, 0, 1);
  return async (work) => {
    while (Atomics.compareExchange(flag, 0, 0, 1) !== 0) await Atomics.waitAsync(flag, 0, 1).value;
    try {
      await work();
    } finally {
      Atomics.store(flag, 0, 0);
      Atomics.notify(flag, 0, 1);
    }
  };
}

/** The memory a set of threads shares for one oneAtATime lock. */
export function turnMemory(): SharedArrayBuffer {
  return new SharedArrayBuffer(Int32Array.BYTES_PER_ELEMENT);
}
