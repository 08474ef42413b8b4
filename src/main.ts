import { writeAccessFor } from "./auth.js";
import { parseConfig } from "./config.js";
import { createModels, exitOnceModelsStop } from "./models.js";

async function main(): Promise<void> {
  const started = performance.now();
  const config = parseConfig();
  // Refuses to start on a non-loopback HOST without API_TOKEN (or READ_ONLY=true).
  const access = writeAccessFor(config);
  // The inference workers start reading the models now, while this thread loads the rest of the
  // server: a dynamic import, which the bundle keeps in a chunk of its own (scripts/start.mjs).
  const models = createModels(config);
  try {
    const { serve } = await import("./serve.js");
    await serve(config, { models, access, started });
  } catch (error) {
    console.error(error instanceof Error ? error.message : error);
    await exitOnceModelsStop(models, 1, config.serving.shutdownTimeoutMs);
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
