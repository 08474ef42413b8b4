import type { Context, Hono } from "hono";
import type { Assistant } from "../assistant.js";
import { ApiError } from "../http-errors.js";
import type { AssistantHolder } from "./assistant-holder.js";

/** Seconds a client is told to wait while the first index is built. */
export const INDEXING_RETRY_AFTER_SECONDS = 5;

export function indexingError(holder: AssistantHolder): ApiError {
  const { progress } = holder.status();
  const where = progress ? ` (${progress.stage}${progress.total ? ` ${progress.done}/${progress.total}` : ""})` : "";
  return new ApiError(503, "indexing", `The first index is being built${where}; try again shortly`, { "Retry-After": String(INDEXING_RETRY_AFTER_SECONDS) });
}

/**
 * Serves the routes that read the index from an app built for one assistant. Each request takes
 * the holder's current assistant once and is handled entirely by that assistant's app, so an index
 * swapped in while it runs never mixes into its answer; apps are built once per assistant.
 */
export function indexBoundHandler(holder: AssistantHolder, build: (assistant: Assistant) => Hono) {
  const apps = new WeakMap<Assistant, Hono>();
  return (context: Context) => {
    const assistant = holder.current();
    if (!assistant) throw indexingError(holder);
    let app = apps.get(assistant);
    if (!app) apps.set(assistant, (app = build(assistant)));
    return app.fetch(context.req.raw, context.env);
  };
}
