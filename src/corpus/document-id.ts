import { segmentSlug, shortHash } from "./slug.js";

/** Folders deeper than this fold into the last ones, so that ids stay bounded. */
const MAX_DEPTH = 6;
const MAX_DOCUMENT_ID_LENGTH = 120;

/**
 * The document id of a corpus file: its relative path without extension, each segment as a slug
 * (`Guides/Getting Started.md` → `guides/getting-started`). A segment with no Latin letters or
 * digits gets a hash of itself; an id that would be too long keeps its last segments after a hash
 * of the whole path. The same path always gives the same id.
 */
export function documentIdFor(relativePath: string): string {
  const segments = relativePath.split("/").filter(Boolean);
  const last = segments.length - 1;
  const slugs = segments.map((segment, index) => {
    const stem = index === last ? segment.replace(/\.[^.]+$/, "") : segment;
    return segmentSlug(stem) || `document-${shortHash(stem)}`;
  });
  let id = slugs.join("/");
  if (slugs.length > MAX_DEPTH || id.length > MAX_DOCUMENT_ID_LENGTH) {
    // Two segments of at most MAX_SEGMENT_LENGTH after an 8-character hash always fit.
    id = `${shortHash(id)}/${slugs.slice(-2).join("/")}`;
  }
  return id;
}
