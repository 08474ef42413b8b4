import { createHash, timingSafeEqual } from "node:crypto";
import { isIP } from "node:net";
import type { MiddlewareHandler } from "hono";
import { ConfigError } from "./config.js";
import { ApiError } from "./http-errors.js";

/** Who may change the corpus over HTTP (upload, delete). */
export type WriteAccess = { mode: "open" } | { mode: "token"; token: string } | { mode: "read-only" };

/** Whether the server is reachable only from this machine. */
export function isLoopbackHost(host: string): boolean {
  const bare = host.replace(/^\[|\]$/g, "").toLowerCase();
  if (bare === "localhost") return true;
  if (isIP(bare) === 4) return bare.startsWith("127.");
  return bare === "::1" || bare === "::ffff:127.0.0.1";
}

/**
 * Writes are open without a token only on a loopback address. On any other HOST an API_TOKEN is
 * required, and starting without one is refused (ConfigError), unless READ_ONLY turns writes off.
 * A configured token is required on loopback too.
 */
export function writeAccessFor(options: { host: string; apiToken?: string; readOnly: boolean }): WriteAccess {
  if (options.readOnly) return { mode: "read-only" };
  if (options.apiToken) return { mode: "token", token: options.apiToken };
  if (isLoopbackHost(options.host)) return { mode: "open" };
  throw new ConfigError(
    `HOST=${options.host} is reachable from other machines, so uploading and deleting documents needs API_TOKEN (at least 16 characters; clients send "Authorization: Bearer <token>"), or READ_ONLY=true to turn writes off.`,
  );
}

function digest(value: string): Buffer {
  return createHash("sha256").update(value).digest();
}

/** Guards a write route: 403 when writes are off, 401 without the right bearer token. Compared in constant time. */
export function requireWriteAccess(access: WriteAccess): MiddlewareHandler {
  return async (context, next) => {
    if (access.mode === "read-only") throw new ApiError(403, "read_only", "This server is read-only (READ_ONLY=true)");
    if (access.mode === "token") {
      const match = /^Bearer\s+(\S+)\s*$/i.exec(context.req.header("Authorization") ?? "");
      if (!match || !timingSafeEqual(digest(match[1] as string), digest(access.token))) {
        throw new ApiError(401, "unauthorized", "Send the API token as Authorization: Bearer <token>", { "WWW-Authenticate": 'Bearer realm="documents"' });
      }
    }
    await next();
  };
}
