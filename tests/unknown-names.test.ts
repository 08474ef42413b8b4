import { describe, expect, it } from "vitest";
import { questionNames, questionNameTerms, unknownNames as unknownOf, type NameSources } from "../src/answer/unknown-names.js";
import { contentTerms } from "../src/retrieve/terms.js";

/** Sources over a small corpus: its passages are both the whole corpus and what retrieval found. */
function sources(passages: string[]): NameSources {
  const terms = new Set(passages.flatMap((text) => contentTerms(text)));
  return { corpusHas: (term) => terms.has(term), retrieved: () => ({ terms, texts: passages }) };
}

describe("questionNames", () => {
  it("takes capitalised words after the first, acronyms, identifiers and letters with digits", () => {
    expect(questionNames("How do I connect Fastify to a Cassandra cluster?")).toEqual(["Fastify", "Cassandra"]);
    expect(questionNames("How do I authenticate users against an LDAP directory?")).toEqual(["LDAP"]);
    expect(questionNames("gRPC or SharePoint, which one?")).toEqual(["gRPC", "SharePoint"]);
    expect(questionNames("What happened in the 21st century and at 6:15pm in BC?")).toEqual(["21st", "6:15pm", "BC"]);
  });

  it("splits words as the index does, accents folded however they were typed", () => {
    expect(questionNames("Is HTTP/3 served by the All-Star Café?")).toEqual(["HTTP", "All", "Star", "Cafe"]);
    expect(questionNames("Who governed Me\u0301naka?")).toEqual(["Menaka"]);
  });

  it("leaves sentence starts, the pronoun I, lower-case words and numbers alone", () => {
    expect(questionNames("Where is the default body limit set?")).toEqual([]);
    expect(questionNames("How many Jr and Sr students live there, do I know?")).toEqual([]);
    expect(questionNames("Thanks! Where is the limit? Could it be raised?")).toEqual([]);
    expect(questionNames("I'm lost: I’ll ask where I've set the limit")).toEqual([]);
    expect(questionNames("Why does port 8080 return a 413 error in 2024?")).toEqual([]);
  });

  it("reads nothing into the capitals of a question in Title Case or in capitals", () => {
    expect(questionNames("How To Configure Request Logging In Production?")).toEqual([]);
    expect(questionNames("HOW DO I CONFIGURE LOGGING IN PRODUCTION?")).toEqual([]);
    expect(questionNames("HOW DO I USE HTTP2 WITH TLS?")).toEqual(["HTTP2"]);
  });
});

const unknownNames = (question: string, sources: NameSources) => unknownOf(questionNameTerms(question), sources);

describe("unknownNames", () => {
  const docs = sources([
    "Fastify is a web framework. Routes are registered with fastify.route().",
    "The United Arab Emirates paid a ransom for the hostages held near Bamako in 2011.",
  ]);

  it("finds the names no document mentions", () => {
    expect(unknownNames("How do I connect Fastify to a Cassandra cluster?", docs)).toEqual(["Cassandra"]);
    expect(unknownNames("How do I expose a gRPC service from Fastify?", docs)).toEqual(["gRPC"]);
    expect(unknownNames("What happened in Bamako in the 19th century?", docs)).toEqual(["19th"]);
  });

  it("knows the names the documents use, whatever their case or inflection", () => {
    expect(unknownNames("Who held the hostages near Bamako in 2011?", docs)).toEqual([]);
    expect(unknownNames("Is FASTIFY's router fast?", docs)).toEqual([]);
  });

  it("forgives a misspelt name of six letters or more as BM25 does, but not a shorter one", () => {
    expect(unknownNames("Who was held near Bamakko?", docs)).toEqual([]);
    expect(unknownNames("Who was held near Bamko?", docs)).toEqual(["Bamko"]);
  });

  it("forgives two swapped letters and a word that starts another", () => {
    expect(unknownNames("Who was held near Bamkao?", docs)).toEqual([]);
    expect(unknownNames("Which Medal winners taught there?", sources(["Fields Medalists taught there."]))).toEqual([]);
    expect(unknownNames("Which Palestine politicians studied there?", sources(["Palestinian politicians studied there."]))).toEqual([]);
    expect(unknownNames("Which Palestine politicians studied there?", sources(["Israeli politicians studied there."]))).toEqual(["Palestine"]);
    // A longer ending makes another word.
    expect(unknownNames("Can I publish to SharePoint?", sources(["Share the point of a route."]))).toEqual(["SharePoint"]);
  });

  it("counts an acronym as mentioned when a retrieved passage spells it out", () => {
    expect(unknownNames("How much did the UAE pay?", docs)).toEqual([]);
    expect(unknownNames("How much did the UAR pay?", docs)).toEqual(["UAR"]);
    expect(unknownNames("Was it the UAE's ransom?", docs)).toEqual([]);
    expect(unknownNames("Which APIs does the framework offer?", sources(["An Application Programming Interface lists routes."]))).toEqual([]);
  });

  it("reads the retrieved passages only when a name is not in the corpus", () => {
    let reads = 0;
    const counting: NameSources = { ...docs, retrieved: () => (reads++, docs.retrieved()) };
    expect(unknownNames("Who was held near Bamako in 2011?", counting)).toEqual([]);
    expect(reads).toBe(0);
    expect(unknownNames("Who was held near Bamakko?", counting)).toEqual([]);
    expect(reads).toBe(1);
  });

  it("keeps a misspelling tolerated only when a retrieved passage holds the close term", () => {
    const corpusOnly: NameSources = { ...docs, retrieved: () => ({ terms: new Set(), texts: [] }) };
    expect(unknownNames("Who was held near Bamakko?", corpusOnly)).toEqual(["Bamakko"]);
    expect(unknownNames("How much did the UAE pay?", corpusOnly)).toEqual(["UAE"]);
  });
});
