// `npm start`: runs the server from an esbuild bundle of src/ in `.build/` instead of through tsx.
// Loading some 200 TypeScript modules through tsx's loader hooks cost 2.5 s of every start (measured:
// 4.0-6.0 s through tsx against 1.5-2.2 s for the same modules bundled, loaded machine); the bundle is
// rebuilt only when a file under src/ changed (esbuild, a few hundred ms), so a restart pays for
// neither. Dependencies stay external: node_modules is loaded as it is.
//
// The bundle sits one folder below the root, as src/project-root.ts does, so paths computed from
// `import.meta.url` name the same files; the worker is `.build/worker-entry.mjs`, the name the
// inference pool asks for beside its own module. When `.build/` cannot be written (a read-only
// checkout), the server runs through tsx as before.
import { createHash } from "node:crypto";
import { mkdir, readdir, readFile, rename, stat, writeFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
const outDir = path.join(root, ".build");
const entryPoints = { main: path.join(root, "src", "main.ts"), "worker-entry": path.join(root, "src", "inference", "inference-worker.ts") };

/** Paths, sizes and modification times of every source file, and the lock file: what the bundle is made of. */
async function sourceFingerprint() {
  const files = (await readdir(path.join(root, "src"), { recursive: true })).filter((file) => /\.(?:ts|mjs|js|json)$/.test(file)).sort();
  const hash = createHash("sha256");
  for (const file of [...files.map((file) => path.join("src", file)), "package-lock.json"]) {
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
    platform: "node",
    format: "esm",
    target: "node20",
    packages: "external",
    sourcemap: "linked",
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
