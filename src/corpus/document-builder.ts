import { MAX_ID_LENGTH, segmentSlug, shortHash } from "./slug.js";
import type { Paragraph, Section } from "./types.js";

export const LEAD_ANCHOR = "intro";
export const INFOBOX_ANCHOR = "infobox";
/** Headings may not take the anchors of the lead and the infobox, whether or not the document has them. */
const RESERVED_ANCHORS = new Set([LEAD_ANCHOR, INFOBOX_ANCHOR]);

/** What a parser knows about one passage; the builder gives it its id, section and ordinal. */
export type PassageInput = Pick<Paragraph, "kind" | "text" | "start" | "end" | "page" | "pageEnd" | "context">;

/**
 * Sections and passages with stable ids, shared by every format's parser. Level 1 is the lead
 * ("Introduction") and the infobox; headed sections are level 2 and deeper and nest by level.
 */
export class DocumentBuilder {
  readonly sections: Section[] = [];
  readonly paragraphs: Paragraph[] = [];
  private readonly usedAnchors = new Set<string>();
  private readonly stack: Section[] = [];
  private current: Section | undefined;
  private lead: Section | undefined;

  constructor(private readonly docId: string) {}

  /** Opens a section for a heading; the following passages belong to it. */
  openHeading(level: number, heading: string): Section {
    this.current = this.openSection(Math.max(2, level), heading, segmentSlug(heading));
    return this.current;
  }

  /** Opens the level-1 infobox section; passages added after it go back to the lead. */
  openInfobox(): Section {
    const infobox = this.openSection(1, "Infobox", INFOBOX_ANCHOR);
    this.current = this.lead;
    return infobox;
  }

  /** Adds a passage to `section`, or to the current section (the lead before any heading). */
  add(passage: PassageInput, section?: Section): Paragraph {
    const target = section ?? this.current ?? this.openLead();
    const ordinal = target.paragraphIds.length + 1;
    const id = `${this.docId}/${target.anchor}/${ordinal}`;
    target.paragraphIds.push(id);
    const paragraph: Paragraph = {
      id,
      docId: this.docId,
      section: target.title,
      sectionAnchor: target.anchor,
      ordinal,
      kind: passage.kind,
      text: passage.text,
      start: passage.start,
      end: passage.end,
      ...(passage.page !== undefined ? { page: passage.page } : {}),
      ...(passage.pageEnd !== undefined && passage.pageEnd !== passage.page ? { pageEnd: passage.pageEnd } : {}),
      ...(passage.context ? { context: passage.context } : {}),
    };
    this.paragraphs.push(paragraph);
    return paragraph;
  }

  private openLead(): Section {
    this.lead ??= this.openSection(1, "Introduction", LEAD_ANCHOR);
    this.current = this.lead;
    return this.lead;
  }

  private openSection(level: number, heading: string, wantedSlug: string): Section {
    const { stack } = this;
    // The lead and the infobox (level 1) are siblings of the headed sections, never their parents.
    if (level === 1) stack.length = 0;
    while (stack.length > 0 && (stack[stack.length - 1]?.level ?? 0) >= level) stack.pop();
    const parent = stack[stack.length - 1];
    const base = wantedSlug || `section-${shortHash(heading)}`;
    const slug = level > 1 && !parent && RESERVED_ANCHORS.has(base) ? `${base}-section` : base;
    let prefix = parent ? `${parent.anchor}/` : "";
    // Deeply nested long headings would make ids without bound: past the limit, the section hangs
    // directly below the document with a hash of its whole path, which stays stable.
    if (this.docId.length + prefix.length + slug.length + 12 > MAX_ID_LENGTH) prefix = `${shortHash(prefix)}-`;
    let anchor = `${prefix}${slug}`;
    for (let n = 2; this.usedAnchors.has(anchor); n++) anchor = `${prefix}${slug}-${n}`;
    this.usedAnchors.add(anchor);
    const section: Section = { anchor, title: heading, path: [...(parent?.path ?? []), heading], level, paragraphIds: [] };
    this.sections.push(section);
    if (level > 1) stack.push(section);
    return section;
  }
}
