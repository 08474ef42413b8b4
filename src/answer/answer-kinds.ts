/** What kinds of fact a sentence holds, by general English surface forms. */
export interface AnswerKinds {
  /** A date, a year, a century, a decade, a season, a month or a duration. */
  time: boolean;
  /** A number or an amount, in digits or words. */
  quantity: boolean;
  /** A proper name after the sentence's first word (a person, a place, an organisation, a work). */
  name: boolean;
}

/** A month's name or abbreviation, capitalised (the verb "may" is not one); stated-numbers.ts reads it case-blind. */
export const MONTH = "(?:Jan(?:uary)?|Feb(?:ruary)?|March|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sept?(?:ember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)";
/** The ordinal words, "first" to "twentieth", in order. */
export const ORDINAL_WORDS = ["first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth", "eleventh", "twelfth", "thirteenth", "fourteenth", "fifteenth", "sixteenth", "seventeenth", "eighteenth", "nineteenth", "twentieth"];
const UNIT = "(?:seconds?|minutes?|hours?|days?|weeks?|months?|years?|decades?|centuries|century|millennia|millennium)";
const NUMBER_WORD = "(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundreds?|thousands?|millions?|billions?|dozens?|several|a few|many)";

/**
 * Time expressions of any era: a year after a temporal preposition ("in 911", "since 1262"), a
 * decade ("the 1740s", "the sixties"), a century or millennium ("the 10th century"), an era
 * ("AD 70", "300 BC"), a month (capitalised, so the verb "may" is not one), a season with a year,
 * a clock time, or a duration ("three weeks", "for 12 years").
 */
const TIME = new RegExp(
  [
    String.raw`\b(?:in|since|until|till|by|from|after|before|around|circa|c\.|during|between)\s+(?:the\s+)?(?:early\s+|late\s+|mid-?)?\d{1,4}\b`,
    String.raw`\b\d{1,4}(?:'?s)\b`,
    String.raw`\b(?:twenties|thirties|forties|fifties|sixties|seventies|eighties|nineties)\b`,
    String.raw`\b\d{1,2}(?:st|nd|rd|th)[\s-]+(?:century|centuries|millennium)\b`,
    String.raw`\b(?:${ORDINAL_WORDS.join("|")}|twenty-first)\s+(?:century|centuries|millennium)\b`,
    String.raw`\b(?:AD|BC|BCE|CE)\s*\d{1,4}\b|\b\d{1,4}\s*(?:AD|BC|BCE|CE)\b`,
    String.raw`\b${MONTH}\b`,
    String.raw`\b(?:spring|summer|autumn|fall|winter)\s+(?:of\s+)?\d{2,4}\b`,
    String.raw`\b\d{1,2}(?::\d\d)?\s?(?:am|pm|a\.m\.|p\.m\.)`,
    String.raw`\b(?:\d[\d,.]*|${NUMBER_WORD}|a|an|half an?)[\s-]+${UNIT}\b`,
    String.raw`\b(?:1\d{3}|20\d\d)\b`,
  ].join("|"),
);
const QUANTITY = new RegExp(String.raw`\d|\b${NUMBER_WORD}\b`, "i");
const NAME = /\s[\p{Lu}][\p{L}'’-]+/u;

/** The kinds of fact in `text`: general patterns of English, no list of particular names. */
export function answerKinds(text: string): AnswerKinds {
  return { time: TIME.test(text), quantity: QUANTITY.test(text), name: NAME.test(text) };
}
