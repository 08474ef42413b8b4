import { percentile } from "../eval/metrics.js";

export interface LatencySummary {
  count: number;
  p50: number;
  p95: number;
  p99: number;
  mean: number;
}

export function summarize(milliseconds: number[]): LatencySummary {
  const mean = milliseconds.reduce((sum, value) => sum + value, 0) / Math.max(1, milliseconds.length);
  return { count: milliseconds.length, p50: percentile(milliseconds, 0.5), p95: percentile(milliseconds, 0.95), p99: percentile(milliseconds, 0.99), mean };
}

export const formatMs = (value: number) => `${value.toFixed(value < 10 ? 2 : 1)} ms`;
