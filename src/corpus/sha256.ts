import { createHash } from "node:crypto";

/** Hex sha256 of a file's bytes or a string: what the index manifest records per corpus file. */
export function sha256(data: string | Uint8Array): string {
  return createHash("sha256").update(data).digest("hex");
}
