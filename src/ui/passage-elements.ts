import type { Element, ElementContent, Root } from "hast";

/** A passage as the source view needs it: its id and where it lies in the source text. */
export interface PlacedPassage {
  id: string;
  start: number;
  end: number;
}

function overlap(element: Element, passage: PlacedPassage): number {
  const start = element.position?.start.offset;
  const end = element.position?.end.offset;
  if (start === undefined || end === undefined) return 0;
  return Math.min(end, passage.end) - Math.max(start, passage.start);
}

/**
 * The elements each passage is rendered as, found by source offsets: walking down from the root,
 * an element that overlaps exactly one passage belongs to it whole; one that overlaps several (a
 * list split into parts, a section's wrapper) is looked into. Offsets rather than text are matched,
 * so a passage whose text drops markup still finds its element; one passage may own several
 * elements (the items of a long list's second part).
 */
export function passageElements(tree: Root, passages: PlacedPassage[]): Map<string, Element[]> {
  const owned = new Map<string, Element[]>();
  const visit = (nodes: ElementContent[]) => {
    for (const node of nodes) {
      if (node.type !== "element") continue;
      const touching = passages.filter((passage) => overlap(node, passage) > 0);
      if (touching.length === 1 && node.position) {
        const [passage] = touching as [PlacedPassage];
        owned.set(passage.id, [...(owned.get(passage.id) ?? []), node]);
      } else {
        visit(node.children);
      }
    }
  };
  visit(tree.children as ElementContent[]);
  return owned;
}

/** Gives each passage's elements the passage's identity: the first carries the id, all carry the class. */
export function labelPassageElements(owned: Map<string, Element[]>, attributes: (id: string) => Record<string, string | number> = () => ({})): void {
  for (const [id, elements] of owned) {
    elements.forEach((element, position) => {
      const className = Array.isArray(element.properties.className) ? element.properties.className : [];
      element.properties = {
        ...element.properties,
        ...(position === 0 ? { id } : {}),
        className: [...className, "passage"],
        dataPassage: id,
        ...attributes(id),
      };
    });
  }
}
