/**
 * `npm run index [-- --full]`: brings the index up to date with the corpus (only changed documents
 * are parsed and only new texts embedded; `--full` starts from scratch), showing progress, then a summary.
 */
import { parseArgs } from "node:util";
import { parseConfig } from "../src/config.js";
import { formatCorpusSummary } from "../src/corpus/corpus-summary.js";
import { createTransformersEmbedder } from "../src/embed/transformers-embedder.js";
import { fingerprintModel } from "../src/embed/model-fingerprint.js";
import { createProgressReporter } from "../src/live/progress-reporter.js";
import { updateIndex, type BuildProgress } from "../src/store/build-index.js";

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

const { values } = parseArgs({ options: { full: { type: "boolean", default: false } } });
const config = parseConfig();
console.log(`Indexing ${config.corpusDir} into ${config.indexDir}${values.full ? " (full rebuild)" : ""}.`);
const embedder = createTransformersEmbedder({ modelsDir: config.modelsDir, modelId: config.embeddingModel, allowRemoteModels: config.allowRemoteModels });
try {
  const model = await fingerprintModel(config.modelsDir, config.embeddingModel);
  const result = await updateIndex({ corpusDir: config.corpusDir, indexDir: config.indexDir, embedder, model, onProgress: report, full: values.full, waitForLock: true, maxFileBytes: config.maxFileBytes });
  if (!result.changed) console.log(`The index in ${config.indexDir} is up to date with ${config.corpusDir}; nothing to do (--full rebuilds anyway).`);
  else console.log(`${result.embedded} texts embedded by the model, the rest from the cache.`);
} catch (error) {
  console.error(`Index build failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
} finally {
  await embedder.dispose();
}
