/**
 * A minimal OpenAI-compatible chat server around one GGUF model (node-llama-cpp, CPU, one thread),
 * for the real-model tests: `POST /v1/chat/completions`, streamed (SSE) or not, honouring
 * `max_tokens`, `stop` and `temperature`; generation stops when the client goes away. One request
 * runs at a time, as on a one-slot llama.cpp server.
 *
 *   node --import tsx tests/support/llama-openai-server.ts --model models/llm/x.gguf [--port 0] [--context 2048]
 *
 * Prints `Listening on http://127.0.0.1:<port>` once the model is loaded.
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { parseArgs } from "node:util";
import { getLlama, LlamaChatSession, type ChatHistoryItem } from "node-llama-cpp";
import { z } from "zod";

const { values } = parseArgs({ options: { model: { type: "string" }, port: { type: "string", default: "0" }, context: { type: "string", default: "2048" } } });
if (!values.model) throw new Error("--model <file.gguf> is required");

const requestSchema = z.object({
  model: z.string().optional(),
  messages: z.array(z.object({ role: z.enum(["system", "user", "assistant"]), content: z.string() })).min(1),
  stream: z.boolean().optional(),
  max_tokens: z.number().int().positive().optional(),
  temperature: z.number().optional(),
  stop: z.union([z.string(), z.array(z.string())]).optional(),
});

const llama = await getLlama({ gpu: false, build: "never" });
const model = await llama.loadModel({ modelPath: values.model });
const context = await model.createContext({ contextSize: Number(values.context), threads: 1, sequences: 1 });
const sequence = context.getSequence();
let queue: Promise<unknown> = Promise.resolve();

async function readBody(request: IncomingMessage): Promise<string> {
  let body = "";
  for await (const chunk of request) body += String(chunk);
  return body;
}

function send(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { "Content-Type": "application/json" }).end(JSON.stringify(body));
}

async function complete(body: z.infer<typeof requestSchema>, response: ServerResponse, signal: AbortSignal): Promise<void> {
  const system = body.messages.filter((message) => message.role === "system").map((message) => message.content).join("\n");
  const turns = body.messages.filter((message) => message.role !== "system");
  const last = turns.pop();
  if (last?.role !== "user") return send(response, 400, { error: { message: "the last message must come from the user" } });
  await sequence.clearHistory();
  const session = new LlamaChatSession({ contextSequence: sequence, systemPrompt: system || undefined, autoDisposeSequence: false });
  const history: ChatHistoryItem[] = session.getChatHistory();
  for (const turn of turns) history.push(turn.role === "user" ? { type: "user", text: turn.content } : { type: "model", response: [turn.content] });
  session.setChatHistory(history);

  const id = `chatcmpl-${Date.now()}`;
  const chunk = (delta: Record<string, string>, finish: string | null) =>
    `data: ${JSON.stringify({ id, object: "chat.completion.chunk", created: Math.floor(Date.now() / 1000), model: body.model ?? "local", choices: [{ index: 0, delta, finish_reason: finish }] })}\n\n`;
  if (body.stream) {
    response.writeHead(200, { "Content-Type": "text/event-stream", "Cache-Control": "no-cache" });
    response.write(chunk({ role: "assistant", content: "" }, null));
  }
  const stop = body.stop === undefined ? [] : [body.stop].flat();
  let finish = "stop";
  const text = await session
    .prompt(last.content, {
      maxTokens: body.max_tokens ?? 256,
      temperature: body.temperature ?? 0,
      customStopTriggers: stop,
      signal,
      stopOnAbortSignal: true,
      onTextChunk: (delta) => {
        if (body.stream) response.write(chunk({ content: delta }, null));
      },
      onResponseChunk: () => {},
    })
    .catch((error: unknown) => {
      if (signal.aborted) return "";
      throw error;
    });
  const usedTokens = model.tokenize(text).length;
  if (usedTokens >= (body.max_tokens ?? 256)) finish = "length";
  session.dispose({ disposeSequence: false });
  if (body.stream) response.end(`${chunk({}, finish)}data: [DONE]\n\n`);
  else send(response, 200, { id, object: "chat.completion", choices: [{ index: 0, message: { role: "assistant", content: text }, finish_reason: finish }], usage: { completion_tokens: usedTokens } });
}

const server = createServer((request, response) => {
  if (request.method !== "POST" || !request.url?.endsWith("/chat/completions")) return send(response, 404, { error: { message: "not found" } });
  const abort = new AbortController();
  response.on("close", () => abort.abort());
  void readBody(request).then((raw) => {
    let body: unknown;
    try {
      body = JSON.parse(raw || "{}");
    } catch {
      return send(response, 400, { error: { message: "the body is not JSON" } });
    }
    const parsed = requestSchema.safeParse(body);
    if (!parsed.success) return send(response, 400, { error: { message: parsed.error.message } });
    queue = queue.then(() => (abort.signal.aborted ? undefined : complete(parsed.data, response, abort.signal))).catch((error: unknown) => {
      if (!response.headersSent) send(response, 500, { error: { message: String(error) } });
      else response.end();
    });
  });
});
server.listen(Number(values.port), "127.0.0.1", () => console.log(`Listening on http://127.0.0.1:${(server.address() as AddressInfo).port}`));
