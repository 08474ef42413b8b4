import { describe, expect, it } from "vitest";
import { weightedRankFusion } from "../src/retrieve/fuse.js";

describe("weightedRankFusion", () => {
  it("is plain reciprocal rank fusion with equal weights", () => {
    const scores = weightedRankFusion([{ ranking: ["a", "b"], weight: 1 }, { ranking: ["b", "c"], weight: 1 }], 60);
    expect(scores.get("a")).toBeCloseTo(1 / 61);
    expect(scores.get("b")).toBeCloseTo(1 / 62 + 1 / 61);
    expect(scores.get("c")).toBeCloseTo(1 / 62);
  });

  it("lets the heavier ranking decide between two firsts", () => {
    const scores = weightedRankFusion([{ ranking: ["dense"], weight: 0.3 }, { ranking: ["lexical"], weight: 0.7 }], 10);
    expect(scores.get("lexical")).toBeGreaterThan(scores.get("dense") as number);
    expect(scores.get("lexical")).toBeCloseTo(0.7 / 11);
  });
});
