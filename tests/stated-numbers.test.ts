import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { numberSwap, statedNumbers, type StatedNumber } from "../src/answer/stated-numbers.js";

const kinds = (text: string) => statedNumbers(text).map(({ value, kind }) => `${value}:${kind}`);
const swap = (question: string, sentence: string, earlier = "") => numberSwap(statedNumbers(question), statedNumbers(sentence), () => statedNumbers(earlier));

describe("statedNumbers", () => {
  it("reads each kind of number, in digits or words", () => {
    expect(kinds("In the 1950s, 2,000 men and three women left in 1990")).toEqual(["1950s:decade", "2000:cardinal", "3:cardinal", "1990:year"]);
    expect(kinds("the nineteenth century and the 19th")).toEqual(["19:ordinal", "19:ordinal"]);
    expect(kinds("Fastify 4.0.0 was released at 6:15 on June 30, 2025")).toEqual(["4.0.0:version", "6:15:clock", "30:day", "2025:year"]);
    expect(kinds("on the 5th of May, and on June 5th")).toEqual(["5:day", "5:day"]);
    expect(kinds("the occupation (1939–45)")).toEqual(["1939:year", "1945:year"]);
    // Words are read whole, accents and all.
    expect(kinds("über zwei Wörter, three élans")).toEqual(["3:cardinal"]);
  });

  it("does not take 'one' for a count: it is more often a pronoun", () => {
    expect(kinds("Where did one of the daughters stay?")).toEqual([]);
  });

  it("gives a count or a rank the terms beside it", () => {
    expect(statedNumbers("in the past 20 years")[0]?.near).toEqual(["past", "year"]);
    expect(statedNumbers("Newton's Third Law")[0]?.near).toEqual(["law"]);
    expect(statedNumbers("in 1990 the city")[0]?.near).toEqual([]);
  });
});

describe("numberSwap", () => {
  it("finds a sentence about another year, rank or count of the same thing than the one asked about", () => {
    expect(swap("What happened in the 19th century?", "In the 20th century, quantum mechanics arose.")).toEqual({ asked: "19", said: "20" });
    expect(swap("What does Newton's Third Law assert?", "Newton's Second Law asserts proportionality.")).toEqual({ asked: "3", said: "2" });
    expect(swap("How many people did Hamas kill between 2010 and 2017?", "From 2000 to 2007 it killed 542 people.")).toEqual({ asked: "2010", said: "2000" });
    expect(swap("Does Fastify support HTTP/3?", "Fastify supports HTTP/2 over HTTPS.")).toEqual({ asked: "3", said: "2" });
  });

  it("finds none when the sentence states a number asked about, or none of that kind", () => {
    expect(swap("What role did the forest play in the 2011 battle and in the 2015 raid?", "Raids were launched from the forest between 2005 and 2011.")).toBeUndefined();
    expect(swap("What happened in 1945?", "The city was rebuilt by its people.")).toBeUndefined();
    expect(swap("What happened in 1945?", "Only 420,000 people lived there.")).toBeUndefined();
  });

  it("takes a year between two the sentence states as stated: a range", () => {
    expect(swap("What happened to Warsaw in 1942?", "Between 1939 and 1945 Warsaw lost most of its people.")).toBeUndefined();
    expect(swap("What happened in 1942?", "The occupation (1939–45) destroyed the city.")).toBeUndefined();
    expect(swap("What did the visits in 1973 and 1989 encourage?", "The visits in 1979 and 1983 brought support.")).toEqual({ asked: "1973", said: "1979" });
  });

  it("lets an earlier sentence of the paragraph set the year", () => {
    expect(swap("What did Goïta do in 2021?", "Goïta announced that elections would be held in 2022.", "On May 24, 2021, Ndaw was detained.")).toBeUndefined();
    expect(swap("What did Goïta do in 2021?", "Goïta announced that elections would be held in 2022.")).toEqual({ asked: "2021", said: "2022" });
  });

  it("compares counts and ranks only of the same thing", () => {
    expect(swap("What has happened to photovoltaics in the past 20 years?", "In the last two decades, photovoltaics has evolved.")).toBeUndefined();
    expect(swap("What is the race held every two years?", "Teams compete over 3,021 kilometres.")).toBeUndefined();
    expect(swap("Who won the Seven-Day War?", "The Six-Day War was won by Israel.")).toEqual({ asked: "7", said: "6" });
  });

  it("never holds against a sentence that states every number asked about", () => {
    const number = fc.record({ value: fc.constantFrom("2", "3", "19", "1990", "2000s"), kind: fc.constantFrom("ordinal", "year", "cardinal", "decade"), near: fc.constant(["law"]) }) as fc.Arbitrary<StatedNumber>;
    fc.assert(
      fc.property(fc.array(number, { maxLength: 4 }), fc.array(number, { maxLength: 4 }), (asked, extra) => {
        expect(numberSwap(asked, [...asked, ...extra], () => [])).toBeUndefined();
      }),
    );
  });
});
