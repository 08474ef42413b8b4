/**
 * Takes turns on the event loop. Each caller's synchronous stretch after `await nextTurn()` starts
 * in a loop iteration of its own, after the previous caller's, so I/O — a `/health` probe, another
 * request's headers — is polled between any two of them. Without it, the parts of several heavy
 * questions whose embeddings come back together run back to back in one macrotask and hold the
 * loop for all of them.
 */
let tail: Promise<void> = Promise.resolve();

export function nextTurn(): Promise<void> {
  // setImmediate scheduled from inside an immediate callback runs on the next loop iteration, after
  // the poll phase: chaining them is what puts I/O between consecutive turns.
  const turn = tail.then(() => new Promise<void>((resolve) => setImmediate(resolve)));
  tail = turn;
  return turn;
}
