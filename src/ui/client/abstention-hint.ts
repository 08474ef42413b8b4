/** Why there is no answer: the names no document mentions, when that is the reason. */
export function abstentionHint(notMentioned: string[] | undefined): string {
  if (notMentioned?.length) {
    const names = notMentioned.map((name) => `“${name}”`);
    const listed = names.length === 1 ? names[0] : `${names.slice(0, -1).join(", ")} or ${names.at(-1)}`;
    return `No indexed document mentions ${listed}, so nothing was made up. Check the spelling, or ask about something the documents cover.`;
  }
  return "None of the indexed documents holds this information, so nothing was made up. Try rephrasing, or ask about something the documents cover.";
}
