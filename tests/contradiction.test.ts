import { describe, expect, it } from "vitest";
import { tagWords } from "../src/answer/antonyms.js";
import { contradictionCheck } from "../src/answer/contradiction.js";
import { statedNumbers } from "../src/answer/stated-numbers.js";
import { contentTerms } from "../src/retrieve/terms.js";

function check(question: string, sentence: string, earlier = "") {
  const classes = { tagged: 0 };
  const found = contradictionCheck(question, contentTerms(question))?.({
    terms: new Set(contentTerms(sentence)),
    numbers: () => statedNumbers(sentence),
    earlierNumbers: () => statedNumbers(earlier),
    tagged: () => (classes.tagged++, tagWords(sentence)),
  });
  return { found, tagged: classes.tagged };
}

describe("contradictionCheck", () => {
  it("is none for a question with no word that has an antonym and no number", () => {
    expect(contradictionCheck("Who wrote the poem about Warsaw?", contentTerms("Who wrote the poem about Warsaw?"))).toBeUndefined();
  });

  it("finds a sentence that says the opposite of a word asked about, and not the word", () => {
    expect(check("When was the library closed?", "The library was opened on 12 June 2002.").found).toEqual({ asked: "close", said: "open" });
    expect(check("What has a stronger association with the complex?", "Helper T cells have a weaker association with the complex.").found).toEqual({ asked: "stronger", said: "weaker" });
  });

  it("finds none when the sentence also says the word asked about", () => {
    expect(check("When was the library closed?", "The library, opened in 1990, was closed in 2002.").found).toBeUndefined();
  });

  it("finds none when the sentence says the word asked about in another form", () => {
    expect(check("When did the war begin?", "The war began in 1939 and ended in 1945.").found).toBeUndefined();
    expect(check("Who won the 2010 final?", "Spain wins the 2010 final, which the Netherlands lost.").found).toBeUndefined();
  });

  it("finds none when the opposite is another word class: a noun for a verb", () => {
    expect(check("How many troops defended the garrison at Nampala?", "Around a hundred soldiers were present at the camp during the attack.").found).toBeUndefined();
  });

  it("tags a sentence only when its terms already contradict the question", () => {
    expect(check("When was the library closed?", "The museum was built in 1990.").tagged).toBe(0);
  });

  it("finds a sentence about another year or rank than the one asked about", () => {
    expect(check("What did the visits in 1973 and 1989 encourage?", "The visits in 1979 and 1983 brought support to the movement.").found).toEqual({ asked: "1973", said: "1979" });
    expect(check("When was the FSO factory founded?", "The FSO Car Factory was established in 1951.").found).toBeUndefined();
  });
});
