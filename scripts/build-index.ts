/** `npm run index`: rebuilds index/ from corpus/ with the configured model, showing progress. */
import { parseConfig } from "../src/config.js";
import { formatCorpusSummary } from "../src/corpus/corpus-summary.js";
import { createTransformersEmbedder } from "../src/embed/transformers-embedder.js";
import { fingerprintModel } from "../src/embed/model-fingerprint.js";
import { buildIndex, type BuildProgress } from "../src/store/build-index.js";

function report(progress: BuildProgress): void {
  switch (progress.stage) {
    case "parsed":
      console.log(`Parsed ${progress.documents} documents: ${progress.paragraphs} paragraphs, ${progress.chunks} chunks, ${progress.sentences} sentences.`);
      break;
    case "embedding":
      process.stdout.write(`\rEmbedding ${progress.done}/${progress.total} texts (${progress.perSecond.toFixed(0)}/s)${progress.done === progress.total ? "\n" : ""}`);
      break;
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

const config = parseConfig();
const embedder = createTransformersEmbedder({ modelsDir: config.modelsDir, modelId: config.embeddingModel, allowRemoteModels: config.allowRemoteModels });
try {
  const model = await fingerprintModel(config.modelsDir, config.embeddingModel);
  await buildIndex({ corpusDir: config.corpusDir, indexDir: config.indexDir, embedder, model, onProgress: report });
} catch (error) {
  console.error(`Index build failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
} finally {
  await embedder.dispose();
}
