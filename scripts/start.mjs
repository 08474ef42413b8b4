// `npm start`: runs the server from an esbuild bundle of src/ in `.build/` instead of through tsx.
// Loading some 200 TypeScript modules through tsx's loader hooks cost 2.5 s of every start (measured:
// 4.0-6.0 s through tsx against 1.5-2.2 s for the same modules bundled, loaded machine); the bundle is
// rebuilt only when a file under src/ changed (esbuild, a few hundred ms), so a restart pays for
// neither. Pure-JavaScript dependencies are bundled too: loading node_modules as some 1,500 separate
// ES modules took 1.2 s of every start against 0.57 s for the same code in one file (measured,
// quiet machine). Packages that load native addons or files beside their own modules stay external.
//
// The bundle sits one folder below the root, as src/project-root.ts does, so paths computed from
// `import.meta.url` name the same files; the worker is `.build/worker-entry.mjs`, the name the
// inference pool asks for beside its own module. When `.build/` cannot be written (a read-only
// checkout), the server runs through tsx as before.
import { createHash } from "node:crypto";
import { mkdir, readdir, readFile, rename, rm, stat, writeFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
const outDir = path.join(root, ".build");
const entryPoints = { main: path.join(root, "src", "main.ts"), "worker-entry": path.join(root, "src", "inference", "inference-worker.ts") };

/**
 * Loaded from node_modules as they are: native addons (hnswlib, onnxruntime, sharp, esbuild, the
 * optional pg-native, node-llama-cpp) and packages that find workers, WebAssembly or data files
 * beside their own modules (piscina, pino, PGlite, pdf.js, mammoth, tsx).
 */
const EXTERNAL = ["hnswlib-node", "onnxruntime-node", "sharp", "esbuild", "pg-native", "node-llama-cpp", "piscina", "pino", "@electric-sql/*", "pdfjs-dist", "mammoth", "tsx"];

/**
 * transformers.js imports onnxruntime-web beside onnxruntime-node and uses it only in browsers;
 * evaluating it cost 170 ms in every inference worker (measured), so the bundle gets an empty module.
 */
const browserRuntimeOnly = {
  name: "browser-runtime-only",
  setup(build) {
    build.onResolve({ filter: /^onnxruntime-web$/ }, () => ({ path: "onnxruntime-web", namespace: "browser-only" }));
    build.onLoad({ filter: /.*/, namespace: "browser-only" }, () => ({ contents: "export {};", loader: "js" }));
  },
};

/** Paths, sizes and modification times of every source file, the lock file and this script (its build options): what the bundle is made of. */
async function sourceFingerprint() {
  const files = (await readdir(path.join(root, "src"), { recursive: true })).filter((file) => /\.(?:ts|mjs|js|json)$/.test(file)).sort();
  const hash = createHash("sha256");
  for (const file of [...files.map((file) => path.join("src", file)), "package-lock.json", path.join("scripts", "start.mjs")]) {
    const info = await stat(path.join(root, file)).catch(() => undefined);
    hash.update(`${file}\0${info?.size}\0${info?.mtimeMs}\n`);
  }
  return hash.digest("hex");
}

async function ensureBundle() {
  const fingerprint = await sourceFingerprint();
  const stampFile = path.join(outDir, "fingerprint");
  if ((await readFile(stampFile, "utf8").catch(() => "")) === fingerprint) return;
  const { build } = await import("esbuild");
  const result = await build({
    entryPoints,
    outdir: outDir,
    outExtension: { ".js": ".mjs" },
    bundle: true,
    // main.ts imports the server with import(), after starting the inference workers: a chunk of its own.
    splitting: true,
    chunkNames: "chunk-[hash]",
    platform: "node",
    format: "esm",
    target: "node20",
    external: EXTERNAL,
    plugins: [browserRuntimeOnly],
    // stopword's CommonJS build (its "main") holds the lists of 60 languages, 0.3 MB of code compiled at
    // every start; its ES modules (its "module" entry) let esbuild keep only the English list terms.ts imports.
    alias: { stopword: "stopword/src/stopword.js" },
    // Bundled CommonJS code may call require() and read __dirname/__filename, which ES modules
    // lack; they are defined once per file under names no bundled module declares itself.
    banner: { js: 'import { createRequire as __bundleCreateRequire } from "node:module"; import { fileURLToPath as __bundleFileURLToPath } from "node:url"; import __bundlePath from "node:path"; const require = __bundleCreateRequire(import.meta.url); const __bundleFilename = __bundleFileURLToPath(import.meta.url); const __bundleDirname = __bundlePath.dirname(__bundleFilename);' },
    define: { __dirname: "__bundleDirname", __filename: "__bundleFilename" },
    // Maps for stack traces, without the sources themselves (they are in src/ and node_modules/):
    // Node reads the maps of every module it loads, and the full ones were 10 MB.
    sourcemap: "linked",
    sourcesContent: false,
    write: false,
    logLevel: "warning",
  });
  await mkdir(outDir, { recursive: true });
  // Each file is written beside its place and renamed over it, so a server starting at the same
  // moment reads a whole file, never a half-written one.
  for (const file of result.outputFiles) {
    const temporary = `${file.path}.${process.pid}.tmp`;
    await writeFile(temporary, file.contents);
    await rename(temporary, file.path);
  }
  // Chunks of earlier bundles (their names carry their content's hash) go.
  const current = new Set(result.outputFiles.map((file) => path.basename(file.path)));
  for (const name of await readdir(outDir)) if (name.startsWith("chunk-") && !current.has(name)) await rm(path.join(outDir, name), { force: true });
  await writeFile(stampFile, fingerprint);
}

process.setSourceMapsEnabled(true);
const bundled = await ensureBundle().then(
  () => true,
  (error) => {
    console.warn(`Running through tsx: the server bundle could not be written to ${outDir} (${error instanceof Error ? error.message : error}).`);
    return false;
  },
);
if (bundled) {
  await import(pathToFileURL(path.join(outDir, "main.mjs")).href);
} else {
  const { register } = await import("tsx/esm/api");
  register();
  await import(pathToFileURL(entryPoints.main).href);
}
