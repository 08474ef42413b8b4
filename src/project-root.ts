import { fileURLToPath } from "node:url";

/**
 * The repository's root folder, for the files the server reads beside its code (static assets, the
 * chat page's sources, SQL migrations). Computed from this module's own place one level below the
 * root: `src/project-root.ts` under tsx, `.build/main.mjs` when `npm start` runs the bundle
 * (scripts/start.mjs), so both resolve to the same folder.
 */
export const PROJECT_ROOT = fileURLToPath(new URL("..", import.meta.url));
