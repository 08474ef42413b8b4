import autocannon from "autocannon";
import { summarize, type LatencySummary } from "./stats.js";

/**
 * A compound question of about `length` characters ("When …, and who …, and what …"): the kind of
 * input that once multiplied one request's embedding work by the number of its parts.
 */
export function heavyQuestion(questions: string[], seed: number, length = 1000): string {
  let text = "";
  for (let index = seed; text.length < length; index++) {
    const question = (questions[index % questions.length] as string).replace(/\?$/, "");
    const next = text ? `${text}, and ${/^(when|where|who|whom|what|which|how|why)\b/i.test(question) ? question.charAt(0).toLowerCase() + question.slice(1) : `what about ${question}`}` : question;
    if (next.length > length) break;
    text = next;
  }
  return `${text.slice(0, length - 1)}?`;
}

export interface HealthUnderLoad {
  health: LatencySummary;
  healthMax: number;
  heavyRequests: number;
  heavyErrors: number;
  /** Status codes other than 200 among the heavy requests (503 is admission control at work). */
  statuses: Record<string, number>;
}

/**
 * Streams heavy questions at the server from `connections` connections for `durationSeconds`, and
 * meanwhile asks GET /health one request at a time, recording how long each takes.
 */
export async function healthUnderHeavyLoad(options: { baseUrl: string; questions: string[]; connections: number; durationSeconds: number }): Promise<HealthUnderLoad> {
  const { baseUrl, questions, connections, durationSeconds } = options;
  let counter = 0;
  const statuses: Record<string, number> = {};
  let finish: (result: autocannon.Result) => void = () => {};
  let fail: (error: Error) => void = () => {};
  const done = new Promise<autocannon.Result>((resolve, reject) => ((finish = resolve), (fail = reject)));
  const instance = autocannon(
    {
      url: baseUrl,
      connections,
      duration: durationSeconds,
      requests: [
        {
          method: "POST",
          path: "/ask",
          headers: { "content-type": "application/json" },
          setupRequest: (request) => ({ ...request, body: JSON.stringify({ question: heavyQuestion(questions, counter++) }) }),
        },
      ],
    },
    (error, result) => (error ? fail(error) : finish(result)),
  );
  instance.on("response", (_client, statusCode) => {
    statuses[statusCode] = (statuses[statusCode] ?? 0) + 1;
  });
  let running = true;
  void done.then(() => (running = false), () => (running = false));
  const samples: number[] = [];
  // Let the load reach the server before sampling.
  await new Promise((resolve) => setTimeout(resolve, 200));
  while (running) {
    const began = performance.now();
    const response = await fetch(`${baseUrl}/health`);
    await response.arrayBuffer();
    samples.push(performance.now() - began);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  const result = await done;
  return { health: summarize(samples), healthMax: Math.max(...samples), heavyRequests: result.requests.total, heavyErrors: result.errors + result.timeouts, statuses };
}
