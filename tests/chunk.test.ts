import { fileURLToPath } from "node:url";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { chunkParagraphs, DEFAULT_CHUNK_OPTIONS, type Chunk, type ChunkOptions } from "../src/corpus/chunk.js";
import { describeFact } from "../src/corpus/infobox-keys.js";
import { loadCorpus } from "../src/corpus/load-corpus.js";
import { parseDocument } from "../src/corpus/parse-document.js";
import { splitSentences } from "../src/corpus/sentences.js";
import type { Paragraph } from "../src/corpus/types.js";

const CORPUS_DIR = fileURLToPath(new URL("../corpus/", import.meta.url));

async function corpusParagraphs(): Promise<Paragraph[]> {
  const corpus = await loadCorpus(CORPUS_DIR);
  return corpus.documents.flatMap((document) => document.paragraphs);
}

function paragraph(text: string, kind: Paragraph["kind"] = "paragraph", id = "doc/section/1"): Paragraph {
  const [docId = "doc", sectionAnchor = "section"] = id.split("/");
  return { id, docId, section: "Section", sectionAnchor, ordinal: 1, kind, text, start: 0, end: text.length };
}

const WORDS = ["the", "forces", "of", "northern", "Mali", "advanced", "toward", "Gao", "while", "rebels", "held", "positions", "near", "Kidal", "and", "observers", "reported", "heavy", "fighting"];

/** Prose-like text: numbered sentences of 6 to 35 words, some with clauses, cut to `length` characters. */
function prose(length: number): string {
  const sentences: string[] = [];
  for (let n = 0, total = 0; total < length; n++) {
    const words = Array.from({ length: 6 + ((n * 7) % 30) }, (_, i) => WORDS[(n * 5 + i * 3) % WORDS.length]);
    let sentence = `Report ${n} says ${words.join(" ")}`;
    if (n % 4 === 1) sentence += `, according to source ${n}`;
    if (n % 5 === 2) sentence += `; casualties were ${n * 3}`;
    sentences.push(`${sentence}.`);
    total += sentence.length + 2;
  }
  return sentences.join(" ").slice(0, length).trimEnd();
}

/** Numbered sentences of about 50 characters each, shorter than the default overlap. */
function shortSentences(length: number): string {
  const sentences: string[] = [];
  for (let n = 0, total = 0; total < length; n++) {
    const sentence = `Sentence ${n} mentions ${WORDS[n % WORDS.length]} and ${WORDS[(n * 3) % WORDS.length]} once.`;
    sentences.push(sentence);
    total += sentence.length + 1;
  }
  return sentences.join(" ").slice(0, length).trimEnd();
}

function chunksOf(chunks: Chunk[], id: string): Chunk[] {
  return chunks.filter((chunk) => chunk.paragraphId === id);
}

/** Non-whitespace characters of `text` that no span covers, each with a little context. */
function uncovered(text: string, spans: Array<{ start: number; end: number }>): string[] {
  const covered = new Uint8Array(text.length);
  for (const span of spans) covered.fill(1, Math.max(0, span.start), Math.min(text.length, span.end));
  const lost: string[] = [];
  for (let index = 0; index < text.length; index++) {
    if (!covered[index] && /\S/.test(text[index] as string)) lost.push(`${index}: …${text.slice(Math.max(0, index - 12), index)}[${text[index]}]${text.slice(index + 1, index + 6)}…`);
  }
  return lost;
}

const SYNTHETIC = [
  ["a 5,000-character paragraph of prose-like sentences", prose(5000)],
  ["a 5,000-character paragraph of short sentences", shortSentences(5000)],
] as const;

describe("chunkParagraphs on the real corpus", () => {
  it("gives every paragraph at least one chunk and no chunk to an unknown paragraph", async () => {
    const paragraphs = await corpusParagraphs();
    const chunks = await chunkParagraphs(paragraphs);
    const known = new Set(paragraphs.map((p) => p.id));
    expect(chunks.every((chunk) => known.has(chunk.paragraphId))).toBe(true);
    expect(paragraphs.filter((p) => chunksOf(chunks, p.id).length === 0).map((p) => p.id)).toEqual([]);
  });

  it("keeps every chunk inside its paragraph: 0 <= start < end <= text.length", async () => {
    const paragraphs = await corpusParagraphs();
    const chunks = await chunkParagraphs(paragraphs);
    const lengths = new Map(paragraphs.map((p) => [p.id, p.text.length]));
    for (const chunk of chunks) {
      expect(chunk.start).toBeGreaterThanOrEqual(0);
      expect(chunk.end).toBeGreaterThan(chunk.start);
      expect(chunk.end).toBeLessThanOrEqual(lengths.get(chunk.paragraphId) ?? -1);
    }
  });

  it("never makes a chunk longer than chunkSize", async () => {
    const chunks = await chunkParagraphs(await corpusParagraphs());
    const tooLong = chunks.filter((chunk) => chunk.end - chunk.start > DEFAULT_CHUNK_OPTIONS.chunkSize);
    expect(tooLong).toEqual([]);
  });

  it("keeps a paragraph no longer than chunkSize whole, as one chunk", async () => {
    const paragraphs = (await corpusParagraphs()).filter((p) => p.text.length <= DEFAULT_CHUNK_OPTIONS.chunkSize);
    const chunks = await chunkParagraphs(paragraphs);
    expect(paragraphs.length).toBeGreaterThan(0);
    expect(chunks).toEqual(paragraphs.map((p) => ({ paragraphId: p.id, start: 0, end: p.text.length })));
  });

  it("splits every paragraph longer than chunkSize into several chunks", async () => {
    const paragraphs = (await corpusParagraphs()).filter((p) => p.text.length > DEFAULT_CHUNK_OPTIONS.chunkSize);
    const chunks = await chunkParagraphs(paragraphs);
    expect(paragraphs.length).toBeGreaterThan(5);
    for (const p of paragraphs) expect(chunksOf(chunks, p.id).length).toBeGreaterThan(1);
  });

  it("loses no text: the chunks of each paragraph cover all of its non-whitespace characters", async () => {
    const paragraphs = await corpusParagraphs();
    const chunks = await chunkParagraphs(paragraphs);
    const lost = paragraphs.flatMap((p) => uncovered(p.text, chunksOf(chunks, p.id)).map((where) => `${p.id} ${where}`));
    expect(lost).toEqual([]);
  });

  it("makes consecutive chunks of a long paragraph overlap", async () => {
    const paragraphs = (await corpusParagraphs()).filter((p) => p.text.length > DEFAULT_CHUNK_OPTIONS.chunkSize);
    const chunks = await chunkParagraphs(paragraphs);
    const gaps = paragraphs.flatMap((p) =>
      chunksOf(chunks, p.id).flatMap((chunk, index, own) => {
        const previous = own[index - 1];
        return previous && chunk.start >= previous.end ? [`${p.id}: [${previous.start},${previous.end}) then [${chunk.start},${chunk.end})`] : [];
      }),
    );
    expect(gaps).toEqual([]);
  });
});

describe.each(SYNTHETIC)("chunkParagraphs on %s", (_name, text) => {
  it("is a 5,000-character paragraph split into several chunks", async () => {
    const chunks = await chunkParagraphs([paragraph(text)]);
    expect(text.length).toBe(5000);
    expect(chunks.length).toBeGreaterThanOrEqual(Math.ceil(5000 / DEFAULT_CHUNK_OPTIONS.chunkSize));
  });

  it("keeps every chunk inside the paragraph and no longer than chunkSize", async () => {
    for (const chunk of await chunkParagraphs([paragraph(text)])) {
      expect(chunk.start).toBeGreaterThanOrEqual(0);
      expect(chunk.end).toBeGreaterThan(chunk.start);
      expect(chunk.end).toBeLessThanOrEqual(text.length);
      expect(chunk.end - chunk.start).toBeLessThanOrEqual(DEFAULT_CHUNK_OPTIONS.chunkSize);
    }
  });

  it("loses no text: the chunks cover every non-whitespace character", async () => {
    expect(uncovered(text, await chunkParagraphs([paragraph(text)]))).toEqual([]);
  });

  it("returns chunks in text order with strictly increasing starts", async () => {
    const chunks = await chunkParagraphs([paragraph(text)]);
    for (let index = 1; index < chunks.length; index++) expect(chunks[index]?.start).toBeGreaterThan(chunks[index - 1]?.start ?? Number.POSITIVE_INFINITY);
  });

  it("starts and ends every chunk on a non-whitespace character", async () => {
    for (const chunk of await chunkParagraphs([paragraph(text)])) {
      const body = text.slice(chunk.start, chunk.end);
      expect(body).toBe(body.trim());
    }
  });
});

describe("chunkParagraphs on synthetic paragraphs", () => {
  it("makes consecutive chunks of a long paragraph of short sentences overlap", async () => {
    const chunks = await chunkParagraphs([paragraph(shortSentences(5000))]);
    expect(chunks.length).toBeGreaterThan(1);
    for (let index = 1; index < chunks.length; index++) expect(chunks[index]?.start).toBeLessThan(chunks[index - 1]?.end ?? 0);
  });

  it("loses no text of a paragraph that repeats one sentence", async () => {
    const text = "Lorem ipsum dolor sit amet. ".repeat(179).trim();
    expect(text.length).toBeGreaterThan(4900);
    expect(uncovered(text, await chunkParagraphs([paragraph(text)]))).toEqual([]);
  });

  it("honours a smaller chunkSize", async () => {
    const options: ChunkOptions = { chunkSize: 120, chunkOverlap: 30 };
    const chunks = await chunkParagraphs([paragraph(shortSentences(1000))], options);
    expect(chunks.length).toBeGreaterThanOrEqual(Math.ceil(1000 / 120));
    expect(chunks.every((chunk) => chunk.end - chunk.start <= options.chunkSize)).toBe(true);
  });

  it("never lets a chunk span two paragraphs", async () => {
    const first = paragraph(shortSentences(900), "paragraph", "doc/a/1");
    const second = paragraph(shortSentences(700), "paragraph", "doc/a/2");
    const chunks = await chunkParagraphs([first, second]);
    for (const chunk of chunks) {
      const owner = chunk.paragraphId === first.id ? first : second;
      expect(chunk.end).toBeLessThanOrEqual(owner.text.length);
    }
    expect(new Set(chunks.map((chunk) => chunk.paragraphId))).toEqual(new Set([first.id, second.id]));
  });

  it("keeps chunks inside the paragraph and within chunkSize for arbitrary word sequences", async () => {
    const word = fc.constantFrom(...WORDS, "Mali.", "Gao,", "Kidal;", "(2013)", "–", "état");
    const text = fc.array(word, { minLength: 1, maxLength: 400 }).map((words) => words.join(" "));
    const options = fc.record({ chunkSize: fc.integer({ min: 40, max: 600 }), chunkOverlap: fc.integer({ min: 0, max: 30 }) });
    await fc.assert(
      fc.asyncProperty(text, options, async (body, chunking) => {
        const chunks = await chunkParagraphs([paragraph(body)], chunking);
        expect(chunks.length).toBeGreaterThan(0);
        for (const chunk of chunks) {
          expect(chunk.start).toBeGreaterThanOrEqual(0);
          expect(chunk.end).toBeGreaterThan(chunk.start);
          expect(chunk.end).toBeLessThanOrEqual(body.length);
          expect(chunk.end - chunk.start).toBeLessThanOrEqual(chunking.chunkSize);
        }
      }),
      { numRuns: 150, seed: 424242 },
    );
  });
});

describe("splitSentences", () => {
  it("gives offsets that slice back to trimmed, non-empty sentences (real corpus)", async () => {
    const paragraphs = await corpusParagraphs();
    const texts = new Map(paragraphs.map((p) => [p.id, p.text]));
    const sentences = splitSentences(paragraphs);
    expect(sentences.length).toBeGreaterThan(paragraphs.length);
    for (const sentence of sentences) {
      const text = texts.get(sentence.paragraphId) ?? "";
      expect(sentence.start).toBeGreaterThanOrEqual(0);
      expect(sentence.end).toBeLessThanOrEqual(text.length);
      const body = text.slice(sentence.start, sentence.end);
      expect(body).not.toBe("");
      expect(body).toBe(body.trim());
    }
  });

  it("returns each paragraph's sentences in order without overlaps, covering all its non-whitespace text", async () => {
    const paragraphs = await corpusParagraphs();
    const sentences = splitSentences(paragraphs);
    for (const p of paragraphs) {
      const own = sentences.filter((s) => s.paragraphId === p.id);
      for (let index = 1; index < own.length; index++) expect(own[index]?.start).toBeGreaterThanOrEqual(own[index - 1]?.end ?? Number.POSITIVE_INFINITY);
      expect(uncovered(p.text, own)).toEqual([]);
    }
  });

  it("splits a paragraph at sentence ends", () => {
    const text = "The raid began at dawn. Was it expected? Nobody knew!  It ended by 11am.";
    const sentences = splitSentences([paragraph(text)]);
    expect(sentences.map((s) => text.slice(s.start, s.end))).toEqual(["The raid began at dawn.", "Was it expected?", "Nobody knew!", "It ended by 11am."]);
  });

  it("makes an infobox fact exactly one sentence, even when it holds several full stops", () => {
    const fact = paragraph("Casualties1: 2 killed. 5 injured (per Mauritania). 20 killed (per AQIM).", "fact", "doc/infobox/1");
    expect(splitSentences([fact])).toEqual([{ paragraphId: fact.id, start: 0, end: fact.text.length }]);
  });

  it("makes every infobox fact of the real corpus exactly one whole sentence", async () => {
    const facts = (await corpusParagraphs()).filter((p) => p.kind === "fact");
    expect(facts.length).toBeGreaterThan(20);
    expect(splitSentences(facts)).toEqual(facts.map((p) => ({ paragraphId: p.id, start: 0, end: p.text.length })));
  });
});

describe("describeFact", () => {
  const wagadou = parseDocument({
    docId: "wagadou",
    fileName: "wagadou.txt",
    source: [
      "= Battle =",
      "",
      "Infobox",
      "- Result: Mauritanian-Malian victory",
      "- Combatant1: border|20px Mauritania, Mali",
      "- Combatant2: AQIM",
      "- Casualties1: border|20px 2 killed, 5 injured (per Mauritania)",
      "- Casualties2: 15 killed, 11 captured (per Mauritania)",
      "- Strength3: 40",
      "- Flag: none",
      "",
      "Lead.",
    ].join("\n"),
  }).paragraphs.filter((p) => p.kind === "fact");

  function fact(key: string): Paragraph {
    const found = wagadou.find((p) => p.text.startsWith(`${key}:`));
    if (!found) throw new Error(`no ${key} fact`);
    return found;
  }

  it("names the side of `Casualties1` from the `Combatant1` fact of the same infobox", () => {
    const described = describeFact(fact("Casualties1"), wagadou);
    const side = described.slice(0, described.indexOf(":"));
    expect(side).toMatch(/Mauritania/);
    expect(side).toMatch(/Mali/);
    expect(side).not.toMatch(/AQIM/);
  });

  it("names the side of `Casualties2` from `Combatant2`", () => {
    const described = describeFact(fact("Casualties2"), wagadou);
    expect(described.slice(0, described.indexOf(":"))).toMatch(/ of AQIM$/);
  });

  it("drops the `border|20px` flag markup from the side's name", () => {
    expect(describeFact(fact("Casualties1"), wagadou)).not.toMatch(/^[^:]*border\|/);
  });

  it("describes a known key in plain words", () => {
    expect(describeFact(fact("Result"), wagadou)).toBe("Result, outcome, who won: Mauritanian-Malian victory");
  });

  it("falls back to the side's number when the infobox has no matching combatant", () => {
    expect(describeFact(fact("Strength3"), wagadou)).toBe("Strength, number of troops and fighters of side 3: 40");
  });

  it("keeps an unknown key as it is", () => {
    expect(describeFact(fact("Flag"), wagadou)).toBe("Flag: none");
  });

  it("returns a fact without a key unchanged", () => {
    const loose = paragraph("No colon in this fact", "fact", "doc/infobox/9");
    expect(describeFact(loose, [loose])).toBe("No colon in this fact");
  });

  it("keeps the value of every real infobox fact at the end of its description", async () => {
    const corpus = await loadCorpus(CORPUS_DIR);
    for (const document of corpus.documents) {
      const infobox = document.paragraphs.filter((p) => p.kind === "fact");
      for (const p of infobox) {
        const value = p.text.slice(p.text.indexOf(":") + 1).trim();
        expect(describeFact(p, infobox).endsWith(`: ${value}`)).toBe(true);
      }
    }
  });
});
