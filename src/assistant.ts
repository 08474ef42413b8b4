import { answerExtractively, DEFAULT_EXTRACTIVE_OPTIONS, type ExtractiveOptions } from "./answer/extractive-answerer.js";
import type { Answer } from "./answer/types.js";
import type { Embedder } from "./embed/embedder.js";
import { Retriever, type Retrieval } from "./retrieve/retriever.js";
import type { LoadedIndex } from "./store/load-index.js";

export const DEFAULT_K = 6;
export const MAX_K = 20;

export interface AskOptions {
  /** How many retrieved paragraphs the answer may draw on. */
  k?: number;
}

/** Question answering over one loaded index: retrieve, then answer from the retrieved paragraphs. */
export interface Assistant {
  readonly index: LoadedIndex;
  retrieve(query: string, options?: AskOptions): Promise<Retrieval>;
  ask(question: string, options?: AskOptions): Promise<Answer>;
}

export function createAssistant(options: { index: LoadedIndex; embedder: Embedder; extractive?: ExtractiveOptions }): Assistant {
  const { index, embedder, extractive = DEFAULT_EXTRACTIVE_OPTIONS } = options;
  const retriever = new Retriever(index, embedder);
  const retrieve = (query: string, { k = DEFAULT_K }: AskOptions = {}) => retriever.retrieve(query, { k: Math.min(Math.max(k, extractive.paragraphs), MAX_K) });
  return {
    index,
    retrieve,
    async ask(question, { k = DEFAULT_K } = {}) {
      const retrieval = await retrieve(question, { k });
      return answerExtractively(index, retrieval, { ...extractive, paragraphs: k });
    },
  };
}
