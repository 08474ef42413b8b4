import { describe, expect, it } from "vitest";
import { answerKinds } from "../src/answer/answer-kinds.js";

describe("answerKinds: dates of any era", () => {
  it.each([
    "The city was founded in 911 by Rollo.",
    "The treaty of 1262 bound them.",
    "In the 10th century the town grew.",
    "Trade doubled during the 1740s.",
    "It was built in the tenth century.",
    "The siege lasted three weeks.",
    "They met in the summer of 1962.",
    "The temple fell in AD 70.",
    "Rome was founded around 753 BC.",
    "The meeting began at 6:15 pm.",
    "He was born on 4 July.",
    "It took 12 years to finish.",
    "Music of the sixties changed pop.",
  ])("finds a time in %j", (sentence) => {
    expect(answerKinds(sentence).time).toBe(true);
  });

  it.each(["The immune system protects the body.", "He may return to the city.", "The army had 2,800 soldiers."])("finds no time in %j", (sentence) => {
    expect(answerKinds(sentence).time).toBe(false);
  });

  it("tells amounts and names apart from plain prose", () => {
    expect(answerKinds("The army had 2,800 soldiers.")).toEqual({ time: false, quantity: true, name: false });
    expect(answerKinds("Several towns joined.").quantity).toBe(true);
    expect(answerKinds("She was born in Warsaw.").name).toBe(true);
    // The first word is capitalised by grammar, not because it is a name.
    expect(answerKinds("Forces act on bodies.").name).toBe(false);
  });
});
