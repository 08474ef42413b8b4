import { PGlite } from "@electric-sql/pglite";
import { pg_textsearch } from "@electric-sql/pglite-pg_textsearch";
import { vector } from "@electric-sql/pglite-pgvector";
import { PGLiteSocketServer } from "@electric-sql/pglite-socket";
import type { Embedder } from "../../src/embed/embedder.js";
import { FakeEmbedder } from "./fake-embedder.js";

export interface TestDatabase {
  /** A postgres:// URL the production `pg` client connects to. */
  url: string;
  db: PGlite;
  close(): Promise<void>;
}

/**
 * Real Postgres SQL without a server install: PGlite (Postgres compiled to WebAssembly) with the
 * pgvector extension, served over the wire protocol by pglite-socket on a random port, so the code
 * under test talks to it through `pg` exactly as it talks to a Postgres server. PGlite is one
 * backend: the socket server multiplexes connections onto it (transactions run one at a time,
 * session state such as LISTEN is shared), which the tests that depend on it say.
 */
export async function startTestDatabase({ bm25 = false }: { bm25?: boolean } = {}): Promise<TestDatabase> {
  // pg_textsearch (BM25 indexes) only where a comparison asks for it: the product's schema does not use it.
  const db = await PGlite.create({ extensions: bm25 ? { vector, pg_textsearch } : { vector } });
  const server = new PGLiteSocketServer({ db, port: 0, host: "127.0.0.1", maxConnections: 64 });
  // Replaces the server's per-message queue before any connection exists (see ProtocolGroupQueue).
  (server as unknown as { queryQueue: ProtocolGroupQueue }).queryQueue = new ProtocolGroupQueue(db);
  await server.start();
  const url = `postgres://postgres@${server.getServerConn()}/postgres?sslmode=disable`;
  return {
    url,
    db,
    async close() {
      await server.stop();
      await db.close();
    },
  };
}

type Group = { handlerId: number; bytes: Uint8Array; onData: (data: Uint8Array) => void; resolve: (bytes: number) => void; reject: (error: unknown) => void };

/** Message types after which the backend answers: Sync ends an extended-protocol exchange, Query a simple one. */
const GROUP_ENDS = new Set(["S", "Q", "X", "H"]);

/**
 * pglite-socket 0.2.17 queues single protocol messages from all connections onto the one PGlite
 * backend, so two `pg` clients' Parse/Bind/Execute interleave and one of them fails with "unnamed
 * prepared statement does not exist". This queue keeps each connection's messages together up to
 * its Sync (or simple Query) and, while a connection has a transaction open, serves only it — which
 * is what separate backends give a real server's clients. Same interface as the package's queue.
 */
class ProtocolGroupQueue {
  private readonly pending = new Map<number, Uint8Array[]>();
  private readonly groups: Group[] = [];
  private owner: number | undefined;
  private processing = false;

  constructor(private readonly db: PGlite) {}

  enqueue(handlerId: number, message: Uint8Array, onData: (data: Uint8Array) => void): Promise<number> {
    const type = String.fromCharCode(message[0] ?? 0);
    const startup = !/[A-Za-z]/.test(type);
    const parts = [...(this.pending.get(handlerId) ?? []), message];
    if (!startup && !GROUP_ENDS.has(type)) {
      this.pending.set(handlerId, parts);
      return Promise.resolve(0);
    }
    this.pending.delete(handlerId);
    const bytes = Buffer.concat(parts);
    return new Promise((resolve, reject) => {
      this.groups.push({ handlerId, bytes, onData, resolve, reject });
      void this.process();
    });
  }

  private async process(): Promise<void> {
    if (this.processing) return;
    this.processing = true;
    try {
      for (;;) {
        const index = this.owner === undefined ? 0 : this.groups.findIndex((group) => group.handlerId === this.owner);
        const group = index >= 0 ? this.groups.splice(index, 1)[0] : undefined;
        if (!group) break;
        let written = 0;
        try {
          await this.db.runExclusive(() => this.db.execProtocolRawStream(group.bytes, { onRawData: (data: Uint8Array) => ((written += data.length), group.onData(data)) }));
          group.resolve(written);
        } catch (error) {
          group.reject(error);
        }
        this.owner = this.db.isInTransaction() ? group.handlerId : undefined;
      }
    } finally {
      this.processing = false;
    }
  }

  getQueueLength(): number {
    return this.groups.length;
  }

  clearQueueForHandler(handlerId: number): void {
    this.pending.delete(handlerId);
    for (let index = this.groups.length - 1; index >= 0; index--) {
      const group = this.groups[index] as Group;
      if (group.handlerId === handlerId) {
        this.groups.splice(index, 1);
        group.reject(new Error("Handler disconnected"));
      }
    }
  }

  async clearTransactionIfNeeded(handlerId: number): Promise<void> {
    if (this.owner !== handlerId) return;
    if (this.db.isInTransaction()) await this.db.exec("ROLLBACK");
    this.owner = undefined;
    await this.process();
  }
}

/**
 * The FakeEmbedder's 32-dimensional vectors padded with zeros to the 384 dimensions of the Postgres
 * schema (cosine similarities unchanged). For store-machinery tests ONLY: the vectors carry no meaning.
 */
export class PaddedFakeEmbedder implements Embedder {
  readonly modelId = "fake";
  readonly inner = new FakeEmbedder();

  get calls(): string[][] {
    return this.inner.calls;
  }

  async embed(texts: string[]): Promise<Float32Array[]> {
    return (await this.inner.embed(texts)).map((vector) => {
      const padded = new Float32Array(384);
      padded.set(vector);
      return padded;
    });
  }

  async dispose(): Promise<void> {}
}
