import pg from "pg";
import { CHANGE_CHANNEL, readState } from "./corpus-rows.js";

export interface ChangeFeedOptions {
  url: string;
  /** Reads the generation from the pool (the poll). */
  pool: pg.Pool;
  /** Called with the newest generation seen, from a notification or a poll; may repeat a generation. */
  onGeneration: (generation: number) => void;
  /** Called when the database cannot be reached (undefined: reachable again). */
  onReachability: (problem: Error | undefined) => void;
  /** How often the generation is also read, to catch what a dropped connection missed. */
  pollMs?: number;
  connectTimeoutMs?: number;
}

/**
 * How a server learns that the corpus changed: LISTEN on the change channel (a write NOTIFYs the new
 * generation when it commits), and a cheap poll of corpus_state.generation every few seconds, which
 * covers notifications lost while the listening connection was down and proxies (PgBouncer in
 * transaction mode) that do not carry LISTEN. The listener reconnects on its own.
 */
export function startChangeFeed({ url, pool, onGeneration, onReachability, pollMs = 2_000, connectTimeoutMs = 5_000 }: ChangeFeedOptions): { close(): Promise<void>; poll(): Promise<void> } {
  let closed = false;
  let listener: pg.Client | undefined;
  let retry: NodeJS.Timeout | undefined;

  const listen = async () => {
    if (closed) return;
    const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: connectTimeoutMs, application_name: "cited-docs-chat-listener" });
    const reconnect = () => {
      if (listener !== client) return;
      listener = undefined;
      client.end().catch(() => {});
      if (!closed) retry = setTimeout(() => void listen(), pollMs);
    };
    client.on("error", reconnect);
    client.on("end", reconnect);
    client.on("notification", (message) => {
      const generation = Number(message.payload);
      if (message.channel === CHANGE_CHANNEL && Number.isFinite(generation)) onGeneration(generation);
    });
    listener = client;
    try {
      await client.connect();
      await client.query(`LISTEN ${CHANGE_CHANNEL}`);
    } catch {
      reconnect();
    }
  };

  const poll = async () => {
    try {
      const { generation } = await readState(pool);
      onReachability(undefined);
      onGeneration(generation);
    } catch (error) {
      onReachability(error instanceof Error ? error : new Error(String(error)));
    }
  };
  const timer = setInterval(() => void poll(), pollMs);
  timer.unref();
  void listen();
  return {
    poll,
    async close() {
      closed = true;
      clearInterval(timer);
      clearTimeout(retry);
      const client = listener;
      listener = undefined;
      await client?.end().catch(() => {});
    },
  };
}
