import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { Hono } from "hono";
import { ApiError } from "../http-errors.js";
import { PROJECT_ROOT } from "../project-root.js";
import { clientBundle } from "../ui/client-bundle.js";

const STATIC_DIR = path.join(PROJECT_ROOT, "src", "ui", "static") + path.sep;
const TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".svg": "image/svg+xml",
};

/**
 * The chat page and its assets, read once at start. Only files that exist in the static folder
 * at start can be served, so no request path ever reaches the file system.
 */
export function uiRoutes() {
  const files = new Map<string, { body: string; type: string }>();
  for (const name of readdirSync(STATIC_DIR)) {
    const type = TYPES[path.extname(name)];
    if (type) files.set(name, { body: readFileSync(path.join(STATIC_DIR, name), "utf8"), type });
  }
  const send = (name: string) => {
    const file = files.get(name);
    if (!file) throw new ApiError(404, "not_found", `No asset named "${name.slice(0, 80)}"`);
    return new Response(file.body, { headers: { "Content-Type": file.type, "Cache-Control": "no-cache" } });
  };
  // Start bundling the page's script now, so the first page load does not wait for it.
  void clientBundle().catch(() => {});
  return new Hono()
    .get("/", () => send("chat.html"))
    .get("/favicon.ico", () => send("favicon.svg"))
    .get("/ui/chat.js", async () => new Response(await clientBundle(), { headers: { "Content-Type": TYPES[".js"] as string, "Cache-Control": "no-cache" } }))
    .get("/ui/:name", (context) => send(context.req.param("name")));
}
