import { parse as parseYaml } from "yaml";
import type { DocumentMetadata } from "./types.js";

function asText(value: unknown): string | undefined {
  if (typeof value === "string") return value.trim() || undefined;
  if (typeof value === "number") return String(value);
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  return undefined;
}

/**
 * Reads title, author, date and tags from a front-matter block. YAML is parsed; TOML front matter
 * (`+++`) is recognised as front matter and kept out of the text but its fields are not read.
 */
export function readFrontMatter(type: "yaml" | "toml", value: string): { title?: string; metadata?: DocumentMetadata; warning?: string } {
  if (type === "toml") return {};
  let data: unknown;
  try {
    data = parseYaml(value);
  } catch (error) {
    return { warning: `front matter is not valid YAML (${error instanceof Error ? error.message.split("\n")[0] : String(error)})` };
  }
  if (!data || typeof data !== "object" || Array.isArray(data)) return {};
  const fields = data as Record<string, unknown>;
  const author = asText(fields.author) ?? (Array.isArray(fields.authors) ? fields.authors.map(asText).filter(Boolean).join(", ") || undefined : asText(fields.authors));
  const date = asText(fields.date);
  const rawTags = fields.tags ?? fields.keywords;
  const tags = Array.isArray(rawTags) ? rawTags.map(asText).filter((tag): tag is string => Boolean(tag)) : typeof rawTags === "string" ? rawTags.split(",").map((tag) => tag.trim()).filter(Boolean) : undefined;
  const metadata: DocumentMetadata = { ...(author ? { author } : {}), ...(date ? { date } : {}), ...(tags?.length ? { tags } : {}) };
  return { title: asText(fields.title), ...(Object.keys(metadata).length ? { metadata } : {}) };
}
