/** What kind of fact a question asks for, when its wording says so. */
export type ExpectedAnswer = "time" | "quantity" | "place" | "person" | "reason" | "overview" | undefined;

export function expectedAnswer(question: string): ExpectedAnswer {
  const q = question.toLowerCase();
  if (/\bhow (many|much)\b|\bnumber of\b|\bhow large\b|\bhow big\b|\bcasualt|\bdeath toll\b/.test(q)) return "quantity";
  if (/\bwhen\b|\bwhat (year|date|day|month|time)\b|\bwhich (year|date|day|month)\b|\bhow long\b/.test(q)) return "time";
  if (/\bwhere\b|\bwhich (town|city|country|region|place)\b/.test(q)) return "place";
  if (/\bwho\b|\bwhom\b|\bwhose\b/.test(q)) return "person";
  if (/\bwhy\b|\bwhat (caused|led to|prompted)\b|\breason\b/.test(q)) return "reason";
  if (/^(tell me|describe|explain|summari[sz]e|give me an overview|what happened)\b/.test(q.trim())) return "overview";
  return undefined;
}

const MONTH = /\b(jan(uary)?|feb(ruary)?|mar(ch)?|apr(il)?|may|june?|july?|aug(ust)?|sep(t(ember)?)?|oct(ober)?|nov(ember)?|dec(ember)?)\b/i;
const YEAR = /\b(1[5-9]\d\d|20\d\d)s?\b/;
const CLOCK = /\b\d{1,2}(:\d\d)?\s?(am|pm)\b/i;
const NUMBER_WORD = /\b(one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|forty|fifty|hundreds?|thousands?|dozens?|several|a few)\b/i;
const DIGITS = /\d/;
const CAPITALISED = /(?:^|[\s(,])[A-Z][\p{L}'-]+/u;

/** Whether a sentence holds the kind of fact the question asks for (undefined: the question does not say). */
export function matchesExpected(expected: ExpectedAnswer, sentence: string): boolean | undefined {
  switch (expected) {
    case "time":
      return MONTH.test(sentence) || YEAR.test(sentence) || CLOCK.test(sentence);
    case "quantity":
      return DIGITS.test(sentence) || NUMBER_WORD.test(sentence);
    case "place":
    case "person":
      return CAPITALISED.test(sentence.slice(1));
    default:
      return undefined;
  }
}
