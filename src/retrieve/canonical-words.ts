/**
 * Country adjectives and their countries, so "What did Belgium send?" meets "the Belgian government"
 * and "Britain" meets "British". The common English forms of the world's larger countries.
 */
const PAIRS: [string, string][] = [
  ["afghan", "afghanistan"], ["algerian", "algeria"], ["american", "america"], ["argentine", "argentina"], ["argentinian", "argentina"],
  ["australian", "australia"], ["austrian", "austria"], ["bangladeshi", "bangladesh"], ["belgian", "belgium"], ["beninese", "benin"],
  ["brazilian", "brazil"], ["british", "britain"], ["bulgarian", "bulgaria"], ["burkinabe", "burkina"], ["burmese", "burma"],
  ["cameroonian", "cameroon"], ["canadian", "canada"], ["chadian", "chad"], ["chilean", "chile"], ["chinese", "china"],
  ["colombian", "colombia"], ["congolese", "congo"], ["croatian", "croatia"], ["cuban", "cuba"], ["czech", "czechia"],
  ["danish", "denmark"], ["dutch", "netherlands"], ["egyptian", "egypt"], ["emirati", "emirates"], ["english", "england"],
  ["eritrean", "eritrea"], ["estonian", "estonia"], ["ethiopian", "ethiopia"], ["finnish", "finland"], ["french", "france"],
  ["gambian", "gambia"], ["german", "germany"], ["ghanaian", "ghana"], ["greek", "greece"], ["guinean", "guinea"],
  ["hungarian", "hungary"], ["indian", "india"], ["indonesian", "indonesia"], ["iranian", "iran"], ["iraqi", "iraq"],
  ["irish", "ireland"], ["israeli", "israel"], ["italian", "italy"], ["ivorian", "ivory"], ["japanese", "japan"],
  ["jordanian", "jordan"], ["kenyan", "kenya"], ["korean", "korea"], ["kuwaiti", "kuwait"], ["latvian", "latvia"],
  ["lebanese", "lebanon"], ["liberian", "liberia"], ["libyan", "libya"], ["lithuanian", "lithuania"], ["malian", "mali"],
  ["mauritanian", "mauritania"], ["mexican", "mexico"], ["moroccan", "morocco"], ["mozambican", "mozambique"], ["nepali", "nepal"],
  ["nigerian", "nigeria"], ["nigerien", "niger"], ["norwegian", "norway"], ["pakistani", "pakistan"], ["palestinian", "palestine"],
  ["peruvian", "peru"], ["philippine", "philippines"], ["polish", "poland"], ["portuguese", "portugal"], ["qatari", "qatar"],
  ["romanian", "romania"], ["russian", "russia"], ["rwandan", "rwanda"], ["saudi", "arabia"], ["scottish", "scotland"],
  ["senegalese", "senegal"], ["serbian", "serbia"], ["slovak", "slovakia"], ["somali", "somalia"], ["spanish", "spain"],
  ["sudanese", "sudan"], ["swedish", "sweden"], ["swiss", "switzerland"], ["syrian", "syria"], ["tanzanian", "tanzania"],
  ["thai", "thailand"], ["togolese", "togo"], ["tunisian", "tunisia"], ["turkish", "turkey"], ["ugandan", "uganda"],
  ["ukrainian", "ukraine"], ["venezuelan", "venezuela"], ["vietnamese", "vietnam"], ["welsh", "wales"], ["yemeni", "yemen"],
  ["zambian", "zambia"], ["zimbabwean", "zimbabwe"],
];

/** Month abbreviations people type ("jan 2013") for the names documents use. */
const MONTHS: [string, string][] = [
  ["jan", "january"], ["feb", "february"], ["mar", "march"], ["apr", "april"], ["jun", "june"], ["jul", "july"],
  ["aug", "august"], ["sep", "september"], ["sept", "september"], ["oct", "october"], ["nov", "november"], ["dec", "december"],
];

const CANONICAL = new Map([...PAIRS, ...MONTHS]);

/** One spelling for words that name the same thing: "belgian" → "belgium", "jan" → "january". */
export function canonicalWord(word: string): string {
  return CANONICAL.get(word) ?? word;
}
