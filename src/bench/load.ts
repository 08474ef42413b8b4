import { readFile } from "node:fs/promises";
import autocannon from "autocannon";

export interface LoadResult {
  connections: number;
  requests: number;
  requestsPerSecond: number;
  p50: number;
  p99: number;
  errors: number;
}

/** Resident set size of a process in MiB, from /proc (Linux). */
export async function residentMiB(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, "utf8");
  const kib = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? Number.NaN);
  return kib / 1024;
}

/**
 * POST /ask under load with autocannon. Every request asks a different question (the golden
 * questions, numbered), so the query-embedding cache never answers for the model.
 */
export async function loadTest(options: { baseUrl: string; questions: string[]; connections: number; durationSeconds?: number; amount?: number }): Promise<LoadResult> {
  const { baseUrl, questions, connections, durationSeconds = 10, amount } = options;
  let counter = 0;
  const result = await autocannon({
    url: baseUrl,
    connections,
    ...(amount ? { amount } : { duration: durationSeconds }),
    requests: [
      {
        method: "POST",
        path: "/ask",
        headers: { "content-type": "application/json" },
        setupRequest: (request) => {
          const question = questions[counter % questions.length] as string;
          counter++;
          return { ...request, body: JSON.stringify({ question: `${question} (${counter})` }) };
        },
      },
    ],
  });
  return {
    connections,
    requests: result.requests.total,
    requestsPerSecond: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.errors + result.timeouts + result.non2xx,
  };
}
