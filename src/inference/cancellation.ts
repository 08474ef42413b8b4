import { AsyncLocalStorage } from "node:async_hooks";

/**
 * The abort signal of the request being served, for code deep below the route (the models) that
 * the request's signal is not passed to explicitly. Set by the request-signal middleware.
 */
const requestSignal = new AsyncLocalStorage<AbortSignal>();

export function runWithSignal<Result>(signal: AbortSignal, work: () => Result): Result {
  return requestSignal.run(signal, work);
}

export function currentSignal(): AbortSignal | undefined {
  return requestSignal.getStore();
}
