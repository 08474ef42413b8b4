import path from "node:path";
import { env } from "@xenova/transformers";

/** Points transformers.js at the local models folder; a model hub only when explicitly allowed (the product runs offline). */
export function useLocalModels(modelsDir: string, allowRemoteModels: boolean): void {
  env.localModelPath = path.resolve(modelsDir) + path.sep;
  env.allowLocalModels = true;
  env.allowRemoteModels = allowRemoteModels;
}

/**
 * A model load that starts on first use. The promise, not the value, is kept, so concurrent first
 * callers share one load; a failed load is forgotten so the next call tries again.
 */
export function lazyLoad<T>(load: () => Promise<T>): { get(): Promise<T>; take(): Promise<T> | undefined } {
  let loading: Promise<T> | undefined;
  return {
    get() {
      if (!loading) {
        const started = load();
        loading = started;
        started.catch(() => {
          if (loading === started) loading = undefined;
        });
      }
      return loading;
    },
    /** The load in progress or done, if any, and forget it (for dispose). */
    take() {
      const current = loading;
      loading = undefined;
      return current;
    },
  };
}
