import type { Element, ElementContent, Text } from "hast";

/**
 * The letters and digits of a text, lower-cased, with where each came from. Comparing skeletons
 * lets a sentence of a passage's reader text be found in its rendered form, whatever markup,
 * spacing or punctuation differs between the two (`**bold**`, a list's bullets, line breaks).
 */
function skeleton(text: string): { letters: string; at: number[] } {
  let letters = "";
  const at: number[] = [];
  for (let index = 0; index < text.length; index++) {
    const character = text[index] as string;
    if (/[\p{L}\p{N}]/u.test(character)) {
      letters += character.toLowerCase();
      at.push(index);
    }
  }
  return { letters, at };
}

function textNodes(nodes: ElementContent[], into: Text[] = []): Text[] {
  for (const node of nodes) {
    if (node.type === "text") into.push(node);
    else if (node.type === "element") textNodes(node.children, into);
  }
  return into;
}

/**
 * [start, end) ranges of the rendered text (the elements' text nodes joined) that hold the given
 * ranges of the passage text: the same offsets when the rendering is the passage text itself, else
 * wherever the sentence's letters and digits occur in the rendering.
 */
export function locateSentences(elements: Element[], passageText: string, ranges: { start: number; end: number }[]): [number, number][] {
  const renderedText = textNodes(elements).map((node) => node.value).join("");
  const located: [number, number][] = [];
  const rendered = renderedText === passageText ? undefined : skeleton(renderedText);
  for (const { start, end } of ranges) {
    if (!rendered) {
      located.push([start, end]);
      continue;
    }
    const sentence = passageText.slice(start, end);
    const wanted = skeleton(sentence).letters;
    if (!wanted) continue;
    const found = rendered.letters.indexOf(wanted);
    if (found < 0) continue;
    const from = rendered.at[found] as number;
    let to = (rendered.at[found + wanted.length - 1] as number) + 1;
    // The sentence's closing punctuation ("v5(20)", "… in 2015.") belongs to it when the rendering has it too.
    const closing = /[^\p{L}\p{N}\s]*$/u.exec(sentence)?.[0] ?? "";
    if (closing && renderedText.startsWith(closing, to)) to += closing.length;
    located.push([from, to]);
  }
  return located.sort((a, b) => a[0] - b[0]).filter((range, index, sorted) => index === 0 || range[0] >= (sorted[index - 1] as [number, number])[1]);
}

const mark = (value: string): Element => ({ type: "element", tagName: "mark", properties: { className: ["support"] }, children: [{ type: "text", value }] });

/**
 * Wraps the given ranges of the elements' rendered text in `<mark class="support">`. A range that
 * crosses element boundaries (a sentence with a link or inline code in it) becomes several marks.
 */
export function markRanges(elements: Element[], ranges: [number, number][]): void {
  if (ranges.length === 0) return;
  let offset = 0;
  const rewrite = (nodes: ElementContent[]): ElementContent[] =>
    nodes.flatMap((node): ElementContent[] => {
      if (node.type === "element") {
        node.children = rewrite(node.children);
        return [node];
      }
      if (node.type !== "text") return [node];
      const start = offset;
      offset += node.value.length;
      const pieces: ElementContent[] = [];
      let cursor = 0;
      for (const [from, to] of ranges) {
        const a = Math.max(from - start, cursor);
        const b = Math.min(to - start, node.value.length);
        if (b <= a) continue;
        if (a > cursor) pieces.push({ type: "text", value: node.value.slice(cursor, a) });
        pieces.push(mark(node.value.slice(a, b)));
        cursor = b;
      }
      if (cursor === 0) return [node];
      if (cursor < node.value.length) pieces.push({ type: "text", value: node.value.slice(cursor) });
      return pieces;
    });
  for (const element of elements) element.children = rewrite(element.children);
}
