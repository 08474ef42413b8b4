import pg from "pg";
import { ApiError } from "../../http-errors.js";

export interface DatabaseOptions {
  /** postgres://user:password@host:port/database */
  url: string;
  /** Statements running longer are cancelled by the server (and the client gives up a second later). */
  statementTimeoutMs?: number;
  /** Connections at most; a request waits for a free one, at most `connectTimeoutMs`. */
  poolMax?: number;
  connectTimeoutMs?: number;
}

export const DATABASE_DEFAULTS = { statementTimeoutMs: 15_000, poolMax: 10, connectTimeoutMs: 5_000 } as const;

/** The database cannot be reached (refused, timed out, gone); requests that need it get 503. */
export class DatabaseUnavailableError extends Error {
  override name = "DatabaseUnavailableError";
}

const UNREACHABLE_CODES = new Set(["ECONNREFUSED", "ECONNRESET", "ENOTFOUND", "EAI_AGAIN", "ETIMEDOUT", "EHOSTUNREACH", "ENETUNREACH", "EPIPE", "57P01", "57P03", "08000", "08001", "08003", "08006"]);

/** Whether an error means the database is unreachable (as opposed to a bad query or bad data). */
export function isUnreachable(error: unknown): boolean {
  if (error instanceof DatabaseUnavailableError) return true;
  const code = (error as { code?: unknown } | undefined)?.code;
  if (typeof code === "string" && UNREACHABLE_CODES.has(code)) return true;
  const message = error instanceof Error ? error.message : "";
  return /timeout exceeded when trying to connect|Connection terminated|connection timeout|Client has encountered a connection error/i.test(message);
}

/** Runs work that needs the database; an unreachable database becomes a 503 the client may retry. */
export async function guardUnreachable<T>(databaseUrl: string, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (isUnreachable(error)) throw new ApiError(503, "database_unavailable", `The database ${describeDatabase(databaseUrl)} cannot be reached; try again shortly`, { "Retry-After": "5" });
    throw error;
  }
}

/** Where the database is, without the password, for messages. */
export function describeDatabase(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.hostname}${parsed.port ? `:${parsed.port}` : ""}${parsed.pathname}`;
  } catch {
    return "the configured database";
  }
}

/**
 * A connection pool with bounded waits: a connection attempt, a statement and a query each have a
 * limit, so an unreachable or stuck database turns into an error instead of a request that hangs.
 */
export function createPool({ url, statementTimeoutMs = DATABASE_DEFAULTS.statementTimeoutMs, poolMax = DATABASE_DEFAULTS.poolMax, connectTimeoutMs = DATABASE_DEFAULTS.connectTimeoutMs }: DatabaseOptions): pg.Pool {
  const pool = new pg.Pool({
    connectionString: url,
    max: poolMax,
    connectionTimeoutMillis: connectTimeoutMs,
    statement_timeout: statementTimeoutMs,
    query_timeout: statementTimeoutMs + 1_000,
    idleTimeoutMillis: 30_000,
    application_name: "cited-docs-chat",
  });
  // An idle client whose server went away emits 'error' on the pool; unhandled, it would end the process.
  pool.on("error", () => {});
  return pool;
}

/** Runs `work` in one transaction on one connection: committed when it resolves, rolled back when it throws. */
export async function inTransaction<T>(pool: pg.Pool, work: (client: pg.PoolClient) => Promise<T>, { isolation = "READ COMMITTED" }: { isolation?: "READ COMMITTED" | "REPEATABLE READ" } = {}): Promise<T> {
  const client = await pool.connect();
  // A connection lost while checked out emits 'error' on the client (its query fails too); unheard, it would end the process.
  let lost: Error | undefined;
  const onError = (error: Error) => (lost = error);
  client.on("error", onError);
  try {
    await client.query(`BEGIN ISOLATION LEVEL ${isolation}`);
    const result = await work(client);
    await client.query("COMMIT");
    return result;
  } catch (error) {
    await client.query("ROLLBACK").catch(() => {});
    throw error;
  } finally {
    client.off("error", onError);
    // A lost connection is discarded, not handed to the next caller.
    client.release(lost);
  }
}
