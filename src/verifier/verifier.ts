/** One (question, candidate passage) pair; the passage is built by `verifierPassage`. */
export interface VerifierPair {
  question: string;
  passage: string;
}

/**
 * The trained answer verifier: how likely a candidate sentence (with its context) answers the
 * question, as a probability in 0–1. The only thing answering knows about the model.
 */
export interface Verifier {
  readonly modelId: string;
  score(pairs: VerifierPair[], options?: { signal?: AbortSignal }): Promise<number[]>;
  dispose(): Promise<void>;
}
