import type { Assistant } from "../assistant.js";

export interface IndexingProgress {
  stage: "waiting" | "scanning" | "parsing" | "embedding" | "writing";
  done: number;
  total: number;
  /** Items per second over this stage so far. */
  perSecond: number;
  /** Estimated seconds left in this stage; absent until a rate is known. */
  etaSeconds?: number;
  detail?: string;
}

export interface IndexStatus {
  /** "starting" before the first look at the index; "indexing" while an update runs; "idle" otherwise. */
  state: "starting" | "indexing" | "idle";
  /** Whether an index is loaded and answering. */
  ready: boolean;
  progress?: IndexingProgress;
  /** The last update that changed the index. */
  lastUpdate?: { at: string; seconds: number; added: number; changed: number; removed: number; embedded: number };
  /** The last update that failed; the index that was serving kept serving. */
  lastError?: { at: string; message: string };
  /** Conditions the operator should know about (a read-only or full index folder, a stale index served as it is). */
  warnings: string[];
}

/**
 * Where request handlers get the assistant from. A handler calls `current()` once and uses that
 * assistant for the whole request, so an index swapped in meanwhile never mixes into its answer.
 */
export interface AssistantHolder {
  current(): Assistant | undefined;
  status(): IndexStatus;
}

/** A holder of one assistant that never changes (tests, the CLI, and apps built around a loaded index). */
export function fixedHolder(assistant: Assistant): AssistantHolder {
  return { current: () => assistant, status: () => ({ state: "idle", ready: true, warnings: [] }) };
}

export function isAssistantHolder(value: Assistant | AssistantHolder): value is AssistantHolder {
  return typeof (value as Partial<AssistantHolder>).current === "function" && typeof (value as Partial<AssistantHolder>).status === "function";
}

/** The holder a live index swaps assistants into. Swapping is one assignment: atomic for every reader. */
export class SwappableHolder implements AssistantHolder {
  private assistant: Assistant | undefined;
  private readonly state: IndexStatus = { state: "starting", ready: false, warnings: [] };

  current(): Assistant | undefined {
    return this.assistant;
  }

  status(): IndexStatus {
    return { ...this.state, warnings: [...this.state.warnings] };
  }

  swap(assistant: Assistant): void {
    this.assistant = assistant;
    this.state.ready = true;
  }

  update(change: Partial<Omit<IndexStatus, "ready" | "warnings">>): void {
    Object.assign(this.state, change);
    if (change.state === "idle") delete this.state.progress;
  }

  warn(message: string): void {
    if (!this.state.warnings.includes(message)) this.state.warnings.push(message);
  }

  clearWarnings(): void {
    this.state.warnings.length = 0;
  }
}
