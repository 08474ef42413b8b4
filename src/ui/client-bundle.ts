import path from "node:path";
import { PROJECT_ROOT } from "../project-root.js";

const ENTRY = path.join(PROJECT_ROOT, "src", "ui", "client", "chat.ts");

let bundle: Promise<string> | undefined;

/**
 * The chat page's script: the typed modules under `client/` bundled by esbuild, once per process
 * (the promise is cached, so concurrent first requests share one build). Built from source at run
 * time, so the page can never be stale against the server's types.
 */
export function clientBundle(): Promise<string> {
  // esbuild's API is loaded with the first page, not with every start.
  bundle ??= import("esbuild").then(({ build }) => build({
    entryPoints: [ENTRY],
    bundle: true,
    format: "esm",
    platform: "browser",
    target: "es2022",
    minify: true,
    legalComments: "none",
    write: false,
    logLevel: "silent",
  })).then((result) => {
    const file = result.outputFiles[0];
    if (!file) throw new Error("esbuild produced no chat bundle");
    return file.text;
  });
  return bundle;
}
