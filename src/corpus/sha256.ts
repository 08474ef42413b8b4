import { createHash } from "node:crypto";

/**
 * Hex sha256 of bytes or a string: the one hashing helper (corpus files, index files, model
 * weights, embedding-cache keys, short ids).
 */
export function sha256(data: string | Uint8Array): string {
  return createHash("sha256").update(data).digest("hex");
}
