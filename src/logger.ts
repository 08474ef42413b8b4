import { pino, type DestinationStream, type Logger } from "pino";

export type { Logger };

/**
 * The server's structured log: one JSON line per event on stdout (or `destination`), with ISO
 * times. Requests are logged by the request-log middleware, failures with their cause.
 */
export function createLogger({ level = "info", destination }: { level?: string; destination?: DestinationStream } = {}): Logger {
  const options = { level, base: undefined, timestamp: pino.stdTimeFunctions.isoTime, serializers: { cause: pino.stdSerializers.err } };
  return destination ? pino(options, destination) : pino(options);
}

/** A logger that writes nothing, for callers (tests, CLIs) that do not ask for one. */
export const silentLogger: Logger = pino({ level: "silent" });
