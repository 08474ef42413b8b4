import { readFile } from "node:fs/promises";
import path from "node:path";
import { sha256 } from "../corpus/sha256.js";

export interface ModelFingerprint {
  id: string;
  /** The weights file, relative to the model's folder. */
  file: string;
  sha256: string;
}

export const MODEL_WEIGHTS_FILE = "onnx/model_quantized.onnx";

/** Identifies the exact weights an index was built with, so a model change makes the index stale. */
export async function fingerprintModel(modelsDir: string, modelId: string): Promise<ModelFingerprint> {
  const file = path.join(modelsDir, modelId, MODEL_WEIGHTS_FILE);
  let bytes: Buffer;
  try {
    bytes = await readFile(file);
  } catch {
    throw new Error(`Model weights not found at ${file}. The model "${modelId}" must be vendored under ${modelsDir}/ (see models/README.md).`);
  }
  return { id: modelId, file: MODEL_WEIGHTS_FILE, sha256: sha256(bytes) };
}
