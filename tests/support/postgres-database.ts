import { PGlite } from "@electric-sql/pglite";
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
export async function startTestDatabase(): Promise<TestDatabase> {
  const db = await PGlite.create({ extensions: { vector } });
  const server = new PGLiteSocketServer({ db, port: 0, host: "127.0.0.1", maxConnections: 64 });
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
