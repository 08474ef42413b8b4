import type { Paragraph } from "./types.js";

/**
 * Plain-words descriptions of common infobox keys (those of Wikipedia's conflict, person and place
 * boxes), so that "who won", "how many died" or "where" questions meet the fact that answers them.
 */
const KEY_DESCRIPTIONS: Record<string, string> = {
  result: "Result, outcome, who won",
  casualties: "Casualties and losses, killed, wounded, captured",
  strength: "Strength, number of troops and fighters",
  units: "Units and strength, number of troops",
  commander: "Commanders and leaders",
  combatant: "Belligerents, who fought",
  date: "Date, when it happened",
  place: "Place, where it happened, location",
  location: "Location, where",
  partof: "Part of the larger conflict",
  status: "Status",
  territory: "Territorial changes",
  born: "Born, birth date and place",
  died: "Died, date and place of death",
  population: "Population",
  capital: "Capital city",
};

/**
 * What each common key answers: the kinds of question ("when" → date) and the words a question
 * about it tends to use. A fact whose key the question does not ask about is a poor answer even
 * when it mentions the same event.
 */
const KEY_TOPICS: Record<string, { kinds: string[]; words: string[] }> = {
  result: { kinds: [], words: ["result", "outcome", "won", "win", "winner", "victory", "victorious", "victor", "defeat", "defeated", "lost", "lose"] },
  casualties: { kinds: ["quantity"], words: ["casualties", "killed", "died", "dead", "death", "deaths", "wounded", "injured", "losses", "captured", "prisoners", "toll"] },
  strength: { kinds: ["quantity"], words: ["strength", "troops", "soldiers", "fighters", "forces", "size", "men", "number"] },
  units: { kinds: ["quantity"], words: ["units", "troops", "soldiers", "fighters", "forces", "size", "men", "number"] },
  commander: { kinds: ["person"], words: ["commander", "commanders", "leader", "leaders", "led", "lead", "headed", "chief"] },
  combatant: { kinds: [], words: ["combatants", "belligerents", "sides", "side", "fought", "fight", "parties", "involved", "participants", "allies", "against"] },
  date: { kinds: ["time"], words: ["date", "year", "day"] },
  place: { kinds: ["place"], words: ["place", "location", "located", "site", "near", "nearest", "town", "city", "village", "area"] },
  location: { kinds: ["place"], words: ["place", "location", "located", "site", "near", "nearest", "town", "city", "village", "area"] },
  partof: { kinds: [], words: ["part", "larger", "wider", "broader", "conflict", "war", "campaign"] },
  status: { kinds: [], words: ["status", "ongoing", "over", "ended", "still"] },
};

/** The topic of a fact's key, if the key is a common one. */
export function factTopic(fact: string): { kinds: string[]; words: string[] } | undefined {
  const parts = splitKey(fact);
  return parts ? KEY_TOPICS[parts.key.toLowerCase().replace(/\s+/g, "")] : undefined;
}

function splitKey(fact: string): { key: string; side?: string; value: string } | undefined {
  const colon = fact.indexOf(":");
  if (colon <= 0) return undefined;
  const match = /^(.*?)(\d+)?$/.exec(fact.slice(0, colon).trim());
  return { key: (match?.[1] ?? "").trim(), side: match?.[2], value: fact.slice(colon + 1).trim() };
}

/**
 * A fact as the embedder and the lexical index should read it: its key described in words and, for
 * numbered sides ("Casualties1"), the side named after its "Combatant1" fact from the same infobox.
 */
export function describeFact(fact: Paragraph, infobox: Paragraph[]): string {
  const parts = splitKey(fact.text);
  if (!parts) return fact.text;
  const described = KEY_DESCRIPTIONS[parts.key.toLowerCase().replace(/\s+/g, "")] ?? parts.key;
  let side = "";
  if (parts.side) {
    const combatant = infobox.map((other) => splitKey(other.text)).find((other) => other?.key.toLowerCase() === "combatant" && other.side === parts.side);
    const names = combatant?.value.replace(/border\|\d+px/g, "").replace(/[,*\s]+/g, " ").trim().slice(0, 80);
    side = names ? ` of ${names}` : ` of side ${parts.side}`;
  }
  return `${described}${side}: ${parts.value}`;
}
