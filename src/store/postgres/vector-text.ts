import pgvector from "pgvector";

/** pgvector's text form of a vector; float32 values are written exactly, so they read back bit for bit. */
export function vectorToSql(vector: Float32Array): string {
  return pgvector.toSql(Array.from(vector)) as string;
}

/** A vector read as text (`embedding::text`) back into a Float32Array. */
export function vectorFromSql(text: string): Float32Array {
  return Float32Array.from(pgvector.fromSql(text) as number[]);
}
