import { describe, expect, it } from "vitest";
import { answerKinds } from "../src/answer/answer-kinds.js";
import { definedTerm, expectedAnswer, matchesExpected } from "../src/answer/question-type.js";

describe("expectedAnswer", () => {
  it.each([
    ["When did the war start?", "time"],
    ["In what year was Harvard founded?", "time"],
    ["Which century saw the rise of the city?", "time"],
    ["What time of day did the assault start?", "time"],
    ["What time does the museum open?", "time"],
    ["What timeline did the council approve?", undefined],
    ["Which time zone is Warsaw in?", undefined],
    ["How many students attend the university?", "quantity"],
    ["How old was Chopin when he left Warsaw?", "quantity"],
    ["How long did the siege last?", "quantity"],
    ["Who founded the university?", "name"],
    ["Where is the force applied?", "name"],
    ["Why did the empire fall?", "reason"],
    ["Describe the battle.", "overview"],
    ["What does the immune system protect against?", undefined],
    // A leading clause is not the question: these ask "what" and "who", not "when".
    ["When B cells and T cells begin to replicate, what do some of their offspring become?", undefined],
    ["If the treaty failed, who would lead the army?", "name"],
    ["When the plague struck, when did the city close its gates?", "time"],
  ])("%j asks for %j", (question, expected) => {
    expect(expectedAnswer(question)).toEqual(expected);
  });

  it("reads acronym and definition questions", () => {
    expect(expectedAnswer("What does MNLA stand for?")).toEqual({ acronym: "MNLA" });
    expect(expectedAnswer("What is JNIM?")).toEqual({ subject: "JNIM" });
    expect(definedTerm({ subject: "JNIM" })).toBe("JNIM");
    expect(definedTerm("time")).toBeUndefined();
  });
});

describe("expectedAnswer on long questions", () => {
  it("finds the question word after a long preamble, and past 100 characters", () => {
    const preamble = "Thinking about the long report on the river towns, their markets, their bridges and the floods of the last age, ";
    expect(expectedAnswer(`${preamble}how many people lived in the largest town?`)).toBe("quantity");
    expect(expectedAnswer(`${preamble}in which year was the first bridge built?`)).toBe("time");
    const tail = "and the towers and the walls of the town, ".repeat(20);
    expect(expectedAnswer(`When did the first bridge open, ${tail}?`)).toBe("time");
    expect(expectedAnswer(`How many bridges cross the river, ${tail}?`)).toBe("quantity");
  });
});

describe("matchesExpected", () => {
  const kinds = (sentence: string) => () => answerKinds(sentence);
  it("wants a time for a time question, an amount for a quantity question", () => {
    expect(matchesExpected("time", "It fell in 911.", kinds("It fell in 911."))).toBe(true);
    expect(matchesExpected("time", "It fell to the army.", kinds("It fell to the army."))).toBe(false);
    expect(matchesExpected("quantity", "It had 40 towers.", kinds("It had 40 towers."))).toBe(true);
    expect(matchesExpected(undefined, "Anything.", kinds("Anything."))).toBeUndefined();
  });

  it("finds the sentence that introduces a term, and never penalises others", () => {
    expect(matchesExpected({ subject: "JNIM" }, "Jama'at Nasr al-Islam wal Muslimin (JNIM) formed in 2017.", kinds(""))).toBe(true);
    expect(matchesExpected({ subject: "JNIM" }, "JNIM attacked the base.", kinds(""))).toBeUndefined();
    expect(matchesExpected({ acronym: "MNLA" }, "The National Movement (MNLA) rose.", kinds(""))).toBe(true);
  });
});
