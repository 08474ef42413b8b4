/** Turns texts into unit-length vectors; the only thing retrieval knows about the model. */
export interface Embedder {
  readonly modelId: string;
  embed(texts: string[]): Promise<Float32Array[]>;
  dispose(): Promise<void>;
}
