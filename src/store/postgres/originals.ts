import type pg from "pg";
import type { OriginalReader } from "../../routes/source-file.js";

/**
 * Documents' original bytes from the database, which keeps them for folder files and uploads alike:
 * every server renders Markdown source views, whether or not the file is in its own folder.
 */
export function databaseOriginalReader(pool: pg.Pool): OriginalReader {
  return async (relativePath) => {
    const { rows } = await pool.query<{ original: Buffer | null }>("SELECT original FROM documents WHERE relative_path = $1", [relativePath]);
    return rows[0]?.original ?? undefined;
  };
}
