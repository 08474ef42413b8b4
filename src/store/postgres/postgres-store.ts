import type pg from "pg";
import type { CorpusStore } from "../store.js";
import { importFolder } from "./import-folder.js";
import { loadSnapshot } from "./load-snapshot.js";
import { migrate } from "./migrate.js";

/** The Postgres store behind the CorpusStore interface; the schema is migrated on first use. */
export function postgresStore(pool: pg.Pool): CorpusStore {
  let migrated: Promise<unknown> | undefined;
  const ready = () => (migrated ??= migrate(pool));
  return {
    kind: "postgres",
    async importFolder({ corpusDir, embedder, model, full, maxFileBytes, onProgress }) {
      await ready();
      const { changed, changes, embedded, reused, seconds } = await importFolder({ pool, corpusDir, embedder, model, full, maxFileBytes, onProgress });
      return { changed, changes, embedded, reused, seconds };
    },
    async load(model) {
      await ready();
      return (await loadSnapshot(pool, { model })).index;
    },
  };
}
