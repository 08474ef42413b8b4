import type { MiddlewareHandler } from "hono";
import { ApiError } from "../http-errors.js";

/** Names that always reach this machine itself; a DNS-rebinding page cannot make a browser send them. */
const LOOPBACK = /^(localhost|[\w-]+(\.[\w-]+)*\.localhost|127(\.\d{1,3}){3}|\[::1\])$/;
/** Addresses that mean "every interface": listening on them says nothing about the names clients use. */
const WILDCARD = new Set(["0.0.0.0", "::", "[::]"]);

/** `example.org`, `EXAMPLE.org.`, `::1` → the form URL hostnames take: lower case, no trailing dot, IPv6 in brackets. */
export function normaliseHostname(name: string): string {
  const lower = name.trim().toLowerCase().replace(/\.$/, "");
  return lower.includes(":") && !lower.startsWith("[") ? `[${lower}]` : lower;
}

/**
 * The hosts served: loopback names always, the address the server listens on when it is a specific
 * one, and `ALLOWED_HOSTS` (`*` serves any Host, for a proxy that checks it already).
 */
export function allowedHosts({ listenHost, extra = [] }: { listenHost?: string; extra?: string[] }): (hostname: string) => boolean {
  const names = new Set(extra.map(normaliseHostname));
  if (listenHost && !WILDCARD.has(normaliseHostname(listenHost))) names.add(normaliseHostname(listenHost));
  if (names.has("*")) return () => true;
  return (hostname) => LOOPBACK.test(hostname) || names.has(hostname);
}

/**
 * Refuses requests whose Host names another site with a JSON 421: a page on evil.example that
 * rebinds its name to 127.0.0.1 reaches this server with `Host: evil.example` and must read nothing.
 * (A Host that does not parse never gets this far: http-server.ts answers it with a JSON 400.)
 */
export function hostAllowList(isAllowed: (hostname: string) => boolean): MiddlewareHandler {
  return async (context, next) => {
    const hostname = new URL(context.req.url).hostname;
    if (!isAllowed(hostname)) {
      throw new ApiError(421, "misdirected_request", `This server does not answer for the host "${hostname.slice(0, 100)}". Add it to ALLOWED_HOSTS to serve it.`);
    }
    await next();
  };
}
