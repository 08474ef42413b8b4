import { describe, expect, it } from "vitest";
import { contentTerms, tokenize } from "../src/retrieve/terms.js";

describe("tokenize", () => {
  it("folds case and accents, and keeps numbers whole", () => {
    expect(tokenize("Ménaka had 2,800 people at 6:15.")).toEqual(["menaka", "had", "2,800", "people", "at", "6:15"]);
  });

  it("folds accents however the text composed them", () => {
    const composed = "Ménaka, Ségou";
    expect(tokenize(composed.normalize("NFD"))).toEqual(["menaka", "segou"]);
    expect(tokenize(composed.normalize("NFC"))).toEqual(["menaka", "segou"]);
    expect(tokenize("getRéponse".normalize("NFD"))).toEqual(["getreponse", "get", "reponse"]);
  });

  it("gives a camelCase identifier whole and word by word", () => {
    expect(tokenize("Set bodyLimit or getHTTPResponse")).toEqual(["set", "bodylimit", "body", "limit", "or", "gethttpresponse", "get", "http", "response"]);
    expect(tokenize("JSON and HTTP stay one word")).toEqual(["json", "and", "http", "stay", "one", "word"]);
  });

  it("lets a question in words meet the identifier the docs use", () => {
    const documented = new Set(contentTerms("bodyLimit: the maximum payload, in bytes, the server accepts."));
    expect(contentTerms("What is the default body limit?").filter((term) => !documented.has(term))).toEqual(["default"]);
    expect(contentTerms("What does bodyLimit default to?").every((term) => term === "default" || documented.has(term))).toBe(true);
  });
});
