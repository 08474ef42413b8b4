import { sha256 } from "./sha256.js";

/** Lower-case ASCII slug: accents folded, every other run of non-alphanumerics becomes one dash. */
export function slugify(value: string): string {
  return value
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "");
}

/** The longest slug one id segment (a folder, file or heading) may have. */
export const MAX_SEGMENT_LENGTH = 48;

/** A short, stable stand-in for text that has no Latin letters or digits, or for a cut-off tail. */
export function shortHash(value: string): string {
  return sha256(value).slice(0, 8);
}

/**
 * The slug of one id segment, bounded in length: a long heading keeps its first words (cut at a dash)
 * and gets a hash of the whole, so two long headings that share a beginning still differ.
 */
export function segmentSlug(value: string): string {
  const slug = slugify(value);
  if (slug.length <= MAX_SEGMENT_LENGTH) return slug;
  const head = slug.slice(0, MAX_SEGMENT_LENGTH - 9);
  const cut = head.lastIndexOf("-");
  return `${cut > 8 ? head.slice(0, cut) : head}-${shortHash(slug)}`;
}

/** One slug segment; slugs are ids and file-path segments, and this is the only shape accepted from outside. */
export const SLUG_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
/** A document id: the slugs of its folders and file name, joined by `/` (`guides/getting-started`). */
export const DOCUMENT_ID_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*(?:\/[a-z0-9]+(?:-[a-z0-9]+)*){0,15}$/;
/** `<document id>/<section anchor>/<n>`: slug segments, then the 1-based ordinal. */
export const PARAGRAPH_ID_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*(?:\/[a-z0-9]+(?:-[a-z0-9]+)*){1,30}\/[1-9][0-9]{0,5}$/;
/** Every id the corpus makes is at most this long (the routes accept 300). */
export const MAX_ID_LENGTH = 255;
