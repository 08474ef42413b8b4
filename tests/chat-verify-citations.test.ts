import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ABSTENTION_TEXT } from "../src/answer/types.js";
import { GROUNDED_SYSTEM_PROMPT } from "../src/chat/prompt.js";
import { MIN_CITED_SHARE, verifyAnswer, type VerificationContext } from "../src/chat/verify-citations.js";

const PASSAGES = [
  { n: 1, title: "2015 Nampala raid", section: "Introduction", text: "On January 5, 2015, militants overran Malian defenses and briefly captured the city of Nampalari, Mali." },
  { n: 2, title: "2015 Nampala raid", section: "Aftermath", text: "AFP confirmed that eleven Malian soldiers were killed in the raid." },
  { n: 3, title: "Mali War", section: "Background", text: "The Mali War began in January 2012 with a Tuareg rebellion in the north." },
];
const CONTEXT: VerificationContext = {
  passages: PASSAGES.map(({ n, title, section }) => ({ n, title, section })),
  system: GROUNDED_SYSTEM_PROMPT,
  question: "How many soldiers were killed in the Nampala raid?",
};
const label = (passage: (typeof PASSAGES)[number]) => `[${passage.n}] ${passage.title} — ${passage.section}`;

describe("verifyAnswer", () => {
  it("accepts an answer whose every sentence cites a passage, keeping markers that exist", () => {
    const verdict = verifyAnswer("AFP confirmed that eleven soldiers were killed [2]. The raid was on January 5, 2015 [1].", CONTEXT);
    expect(verdict).toMatchObject({ kind: "answer", usedMarkers: [1, 2], removedMarkers: [], uncitedSentences: [], counts: { sentences: 2, cited: 2 } });
    expect(verdict.kind === "answer" && verdict.text).toBe("AFP confirmed that eleven soldiers were killed [2]. The raid was on January 5, 2015 [1].");
  });

  it("counts a marker after the full stop as part of the sentence before it", () => {
    expect(verifyAnswer("Eleven soldiers were killed. [2]", CONTEXT)).toMatchObject({ kind: "answer", counts: { sentences: 1, cited: 1 } });
  });

  it(`needs ${MIN_CITED_SHARE * 100}% of sentences cited, and leaves the uncited ones out of the text`, () => {
    const four = "Eleven soldiers died [2]. The raid was in 2015 [1]. Militants took the city [1]. The war began in 2012 [3].";
    const accepted = verifyAnswer(`${four} The army was embarrassed.`, CONTEXT);
    expect(accepted).toMatchObject({ kind: "answer", uncitedSentences: ["The army was embarrassed."], counts: { sentences: 5, cited: 4 } });
    expect(accepted.kind === "answer" && accepted.text).toBe(four);
    expect(verifyAnswer("Eleven soldiers died [2]. The army was embarrassed.", CONTEXT)).toMatchObject({ kind: "rejected", reason: "only 1 of 2 sentences cited a passage" });
  });

  it("removes markers that point at no passage; a sentence citing only those is uncited", () => {
    const verdict = verifyAnswer("Eleven soldiers died [2][9]. The raid was in 2015 [1]. Militants took the city [1]. The war began in 2012 [3]. Twelve tanks were lost [7].", CONTEXT);
    expect(verdict).toMatchObject({ kind: "answer", removedMarkers: [7, 9], uncitedSentences: ["Twelve tanks were lost."] });
    expect(verdict.kind === "answer" && verdict.text).not.toMatch(/\[[79]\]/);
    expect(verifyAnswer("Eleven soldiers were killed [7].", CONTEXT)).toMatchObject({ kind: "rejected", reason: "the answer cited no passage" });
  });

  it("does not count a passage label copied from the prompt as a citation", () => {
    const copy = `${label(PASSAGES[1]!)}\n${PASSAGES[1]!.text}`;
    expect(verifyAnswer(copy, CONTEXT).kind).toBe("rejected");
    // Even with a real citation after it, the copied label gives the copy away.
    expect(verifyAnswer(`${copy} [2]`, CONTEXT)).toMatchObject({ kind: "rejected", reason: "the answer copies a passage label" });
  });

  it("rejects an answer that copies the rules, the question or the <passages> fence", () => {
    expect(verifyAnswer("Use only facts stated in the passages. Never use outside knowledge, even if you are sure of it [1].", CONTEXT)).toMatchObject({ reason: "the answer copies the instructions" });
    expect(verifyAnswer(`Question: ${CONTEXT.question} Eleven soldiers died [2].`, CONTEXT)).toMatchObject({ reason: "the answer repeats the question" });
    expect(verifyAnswer(`<passages> Eleven soldiers died [2].`, CONTEXT)).toMatchObject({ reason: "the answer echoes the <passages> fence" });
  });

  it("takes the abstention sentence alone as an abstention, and a text merely containing it as an unverified answer", () => {
    expect(verifyAnswer(ABSTENTION_TEXT, CONTEXT).kind).toBe("abstention");
    expect(verifyAnswer(`"${ABSTENTION_TEXT.toLowerCase().replace(".", "")}"`, CONTEXT).kind).toBe("abstention");
    const rules = GROUNDED_SYSTEM_PROMPT.split("\n").slice(-2).join("\n");
    expect(verifyAnswer(rules, CONTEXT).kind).toBe("rejected");
    expect(verifyAnswer(`Eleven soldiers died. ${ABSTENTION_TEXT}`, CONTEXT).kind).toBe("rejected");
  });

  it("keeps the line structure of a verified list, with an uncited item left out", () => {
    const answer = "The raid:\n- began on January 5, 2015 [1]\n- killed eleven soldiers [2]\n- ended the war [3]\n- was reported by AFP [2]\n- was brief [1]";
    const verdict = verifyAnswer(answer.replace("The raid:\n", "").replace("[3]", "[9]"), CONTEXT);
    expect(verdict).toMatchObject({ kind: "answer", text: "- began on January 5, 2015 [1]\n- killed eleven soldiers [2]\n- was reported by AFP [2]\n- was brief [1]", uncitedSentences: ["- ended the war"] });
  });

  it("rejects an empty answer instead of calling it an abstention", () => {
    expect(verifyAnswer("  \n", CONTEXT)).toMatchObject({ kind: "rejected", reason: "the answer was empty" });
  });

  it("never accepts a copy of the prompt's passages, in any selection, order or spacing", () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.constantFrom(...PASSAGES), { minLength: 1 }), fc.constantFrom("\n", "\n\n", " \n"), fc.boolean(), (chosen, gap, trailingMarker) => {
        const copy = chosen.map((passage) => `${label(passage)}${gap}${passage.text}${trailingMarker ? ` [${passage.n}]` : ""}`).join("\n\n");
        return verifyAnswer(copy, CONTEXT).kind === "rejected" && verifyAnswer(`<passages>\n${copy}\n</passages>`, CONTEXT).kind === "rejected";
      }),
    );
  });
});
