/** What kind of fact a question asks for, when its wording says so. */
export type ExpectedAnswer = "time" | "quantity" | "place" | "person" | "reason" | "overview" | { acronym: string } | { subject: string } | undefined;

/** "What is JNIM?", "Who was Bah Ndaw?": the question asks what or who something is. */
const DEFINITION_QUESTION = /^\s*(?:what|who)\s+(?:is|are|was|were)\s+(?:the\s+)?([^?]{2,60}?)\s*\??\s*$/i;

function escapeRegExp(value: string): string {
  return value.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** "What does MNLA stand for?" asks for the words behind an acronym. */
const ACRONYM_QUESTION = /\b(?:what (?:does|did|do) (?:the )?([A-Z][A-Za-z]*[A-Z]+)\s+(?:stand|stands) for|what is (?:the )?full (?:name|form) of (?:the )?([A-Z][A-Za-z]*[A-Z]+))\b/;

export function expectedAnswer(question: string): ExpectedAnswer {
  const acronym = ACRONYM_QUESTION.exec(question);
  if (acronym) return { acronym: (acronym[1] ?? acronym[2]) as string };
  const definition = DEFINITION_QUESTION.exec(question);
  if (definition?.[1] && definition[1].split(/\s+/).length <= 6) return { subject: definition[1] };
  const q = question.toLowerCase();
  if (/\bhow (many|much)\b|\bnumber of\b|\bhow large\b|\bhow big\b|\bcasualt|\bdeath toll\b/.test(q)) return "quantity";
  if (/\bwhen\b|\bwhat (year|date|day|month|time)\b|\bwhich (year|date|day|month)\b|\bhow long\b/.test(q)) return "time";
  if (/\bwhere\b|\bwhich (town|city|country|region|place)\b/.test(q)) return "place";
  if (/\bwho\b|\bwhom\b|\bwhose\b/.test(q)) return "person";
  if (/\bwhy\b|\bwhat (caused|led to|prompted)\b|\breason\b/.test(q)) return "reason";
  if (/^(tell me|describe|explain|summari[sz]e|give me an overview|what happened)\b/.test(q.trim())) return "overview";
  return undefined;
}

// Capitalised only, so the verb "may" is not a month.
const MONTH = /\b(Jan(uary)?|Feb(ruary)?|March|Apr(il)?|May|June?|July?|Aug(ust)?|Sept?(ember)?|Oct(ober)?|Nov(ember)?|Dec(ember)?)\b/;
const YEAR = /\b(1[5-9]\d\d|20\d\d)s?\b/;
const CLOCK = /\b\d{1,2}(:\d\d)?\s?(am|pm)\b/i;
const NUMBER_WORD = /\b(one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|forty|fifty|hundreds?|thousands?|dozens?|several|a few)\b/i;
const DIGITS = /\d/;
const YEARS = new RegExp(YEAR.source, "g");
const DATE_LIKE = new RegExp(`\\b\\d{1,2}(st|nd|rd|th)?\\s+${MONTH.source}|${MONTH.source}\\s+\\d{1,2}(st|nd|rd|th)?\\b|\\b\\d{1,2}(:\\d\\d)?\\s?(am|pm)\\b`, "g");
const CAUSE = /\b(because|due to|as a result|in response|in retaliation|in order to|so as to|aimed|sought|led to|prompted|emboldened|caused|reasons?|after|following|since|over (?:his|her|its|their) handling|to (?:defeat|stop|protect|prevent|end|counter|fight|retake|secure|support))\b/i;
const CAPITALISED = /(?:^|[\s(,])[A-Z][\p{L}'-]+/u;

/** The term a definition or acronym question is about, if it is one. */
export function definedTerm(expected: ExpectedAnswer): string | undefined {
  if (typeof expected !== "object") return undefined;
  return "acronym" in expected ? expected.acronym : expected.subject;
}

/** Whether a sentence holds the kind of fact the question asks for (undefined: the question does not say). */
export function matchesExpected(expected: ExpectedAnswer, sentence: string): boolean | undefined {
  // An acronym is spelled out where the text introduces it: "National Movement for ... (MNLA)".
  if (typeof expected === "object" && "acronym" in expected) return sentence.includes(`(${expected.acronym})`);
  // A definition introduces its subject: "... (JNIM)", "JNIM is a ...", "Iyad Ag Ghaly, who ...".
  // Other sentences are not penalised: many answers never use those patterns.
  if (typeof expected === "object") {
    const subject = escapeRegExp(expected.subject);
    const introduces = new RegExp(`\\(${subject}\\)|\\b${subject}\\s*\\(|\\b${subject},?\\s+(?:is|was|are|were)\\s+(?:a|an|the)\\s|\\b${subject},\\s+(?:a|an|the|who)\\s`, "i");
    return introduces.test(sentence) ? true : undefined;
  }
  switch (expected) {
    case "time":
      return MONTH.test(sentence) || YEAR.test(sentence) || CLOCK.test(sentence);
    case "quantity": {
      // Dates are numbers too, but not the kind "how many" asks for.
      const withoutDates = sentence.replace(DATE_LIKE, " ").replace(YEARS, " ");
      return DIGITS.test(withoutDates) || NUMBER_WORD.test(withoutDates);
    }
    case "reason":
      return CAUSE.test(sentence);
    case "place":
    case "person":
      return CAPITALISED.test(sentence.slice(1));
    default:
      return undefined;
  }
}
