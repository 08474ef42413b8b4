export interface EmbedOptions {
  /** Aborting drops the texts' inference if it has not started (a client gone, a request timed out). */
  signal?: AbortSignal;
}

/** Turns texts into unit-length vectors; the only thing retrieval knows about the model. */
export interface Embedder {
  readonly modelId: string;
  embed(texts: string[], options?: EmbedOptions): Promise<Float32Array[]>;
  dispose(): Promise<void>;
}
