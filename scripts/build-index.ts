/**
 * `npm run index [-- --full]`: brings the index up to date with the corpus (only changed documents
 * are parsed and only new texts embedded; `--full` starts from scratch), showing progress, then a summary.
 * `--store postgres` (or STORE=postgres) imports the folder into DATABASE_URL instead, reusing the file
 * index's cached vectors when one exists for this corpus.
 */
import { parseArgs } from "node:util";
import { parseConfig } from "../src/config.js";
import { formatCorpusSummary } from "../src/corpus/corpus-summary.js";
import { createTransformersEmbedder } from "../src/embed/transformers-embedder.js";
import { fingerprintModel } from "../src/embed/model-fingerprint.js";
import { createProgressReporter } from "../src/live/progress-reporter.js";
import { updateIndex, type BuildProgress } from "../src/store/build-index.js";
import { runPostgresImport } from "../src/store/postgres/import-command.js";

const showProgress = createProgressReporter({ stream: process.stdout });

function report(progress: BuildProgress): void {
  showProgress(progress);
  switch (progress.stage) {
    case "parsed": {
      const { added, changed, removed } = progress.changes;
      console.log(`Parsed ${progress.documents} documents (${progress.reused} unchanged; ${added.length} added, ${changed.length} changed, ${removed.length} removed): ${progress.paragraphs} paragraphs, ${progress.chunks} chunks, ${progress.sentences} sentences.`);
      break;
    }
    case "written": {
      const { manifest, seconds, removed } = progress;
      const files = Object.values(manifest.files).map((file) => `${file.name} (${(file.bytes / 1024).toFixed(0)} KiB)`);
      console.log(`Wrote ${files.join(", ")}${removed.length ? `; removed ${removed.length} old file(s)` : ""}.`);
      console.log(
        `Built in ${seconds.toFixed(1)} s: ${manifest.counts.documents} documents, ${manifest.counts.chunks} chunks (${(manifest.counts.chunks / seconds).toFixed(0)} chunks/s), ` +
          `${manifest.dimensions} dimensions, model ${manifest.model.id}.`,
      );
      for (const line of formatCorpusSummary({ documents: manifest.documents, passages: manifest.counts.paragraphs, skipped: manifest.skipped })) console.log(line);
      break;
    }
  }
}

const { values } = parseArgs({ options: { full: { type: "boolean", default: false }, store: { type: "string" } } });
const config = parseConfig();
const storeKind = values.store ?? config.store?.kind ?? "file";
if (storeKind !== "file" && storeKind !== "postgres") throw new Error(`--store must be file or postgres, not ${storeKind}`);
if (storeKind === "postgres") {
  await indexIntoPostgres();
  process.exit();
}
console.log(`Indexing ${config.corpusDir} into ${config.indexDir}${values.full ? " (full rebuild)" : ""}.`);
const embedder = createTransformersEmbedder({ modelsDir: config.modelsDir, modelId: config.embeddingModel, allowRemoteModels: config.allowRemoteModels });
try {
  const model = await fingerprintModel(config.modelsDir, config.embeddingModel);
  const result = await updateIndex({ corpusDir: config.corpusDir, indexDir: config.indexDir, embedder, model, onProgress: report, full: values.full, waitForLock: true, maxFileBytes: config.maxFileBytes });
  if (result.lexicalSaved) console.log(`The index in ${config.indexDir} is up to date with ${config.corpusDir}; saved its lexical file for this version (nothing embedded).`);
  else if (!result.changed) console.log(`The index in ${config.indexDir} is up to date with ${config.corpusDir}; nothing to do (--full rebuilds anyway).`);
  else console.log(`${result.embedded} texts embedded by the model, the rest from the cache.`);
} catch (error) {
  console.error(`Index build failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
} finally {
  await embedder.dispose();
}

/** `--store postgres`: the folder into the database (DATABASE_URL), incrementally. */
async function indexIntoPostgres(): Promise<void> {
  const databaseUrl = config.store?.kind === "postgres" ? config.store.databaseUrl : process.env.DATABASE_URL;
  if (!databaseUrl) {
    console.error("--store postgres needs DATABASE_URL (postgres://user:password@host:port/database).");
    process.exitCode = 1;
    return;
  }
  console.log(`Importing ${config.corpusDir} into the Postgres store${values.full ? " (every document again)" : ""}.`);
  const embedder = createTransformersEmbedder({ modelsDir: config.modelsDir, modelId: config.embeddingModel, allowRemoteModels: config.allowRemoteModels });
  try {
    const model = await fingerprintModel(config.modelsDir, config.embeddingModel);
    const statementTimeoutMs = config.store?.kind === "postgres" ? config.store.statementTimeoutMs : undefined;
    const result = await runPostgresImport({ databaseUrl, statementTimeoutMs, corpusDir: config.corpusDir, indexDir: config.indexDir, embedder, model, full: values.full, maxFileBytes: config.maxFileBytes, onProgress: report, log: (message) => console.log(message) });
    console.log(result.changed ? `Imported in ${result.seconds.toFixed(1)} s; ${result.embedded} texts embedded by the model, the rest from the cache.` : "The database is up to date with the folder; nothing to do.");
    for (const line of formatCorpusSummary({ documents: result.documents, passages: result.paragraphs, skipped: result.skipped })) console.log(line);
  } catch (error) {
    console.error(`Import failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 1;
  } finally {
    await embedder.dispose();
  }
}
