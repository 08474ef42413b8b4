/** `npm run ask -- "question" [--json] [--k N]`: answers one question from the committed index. */
import { parseArgs } from "node:util";
import { loadRuntime } from "../src/bootstrap.js";
import { parseConfig } from "../src/config.js";
import { DEFAULT_K, MAX_K } from "../src/assistant.js";
import { askSchema } from "../src/routes/ask.js";
import { describeIssues } from "../src/routes/validation.js";

const USAGE = `Usage: npm run ask -- "your question" [--json] [--k N]

Answers one question from the index, with the paragraphs it cites.
  --json   print the answer as JSON (use \`npm run --silent ask -- --json …\` for JSON only)
  --k N    how many of the best paragraphs the answer may draw on (1–${MAX_K}, default ${DEFAULT_K})
  --help   show this help`;

let args: ReturnType<typeof parseCommandLine>;
function parseCommandLine() {
  return parseArgs({ allowPositionals: true, options: { json: { type: "boolean", default: false }, k: { type: "string" }, help: { type: "boolean", short: "h", default: false } } });
}
try {
  args = parseCommandLine();
} catch (error) {
  console.error(`${error instanceof Error ? error.message : String(error)}\n\n${USAGE}`);
  process.exit(2);
}
const { values, positionals } = args;
if (values.help) {
  console.log(USAGE);
  process.exit(0);
}
const parsed = askSchema.safeParse({ question: positionals.join(" "), ...(values.k ? { k: Number(values.k) } : {}) });
if (!parsed.success) {
  console.error(`${describeIssues(parsed.error.issues)}\n\n${USAGE}`);
  process.exit(2);
}

const { assistant, embedder } = await loadRuntime(parseConfig(), { log: (message) => console.error(message) });
const { answer, citations, abstained, notMentioned } = await assistant.ask(parsed.data.question, { k: parsed.data.k });
if (values.json) {
  console.log(JSON.stringify({ answer, citations, abstained, ...(notMentioned ? { notMentioned } : {}) }, null, 2));
} else {
  console.log(`\n${answer}\n`);
  if (notMentioned) console.log(`No document mentions ${notMentioned.join(", ")}.\n`);
  for (const citation of citations) {
    console.log(`[${citation.n}] ${citation.title} › ${citation.section} ¶${citation.paragraph}  (${citation.id}, score ${citation.score})`);
    console.log(`    ${citation.text.length > 300 ? `${citation.text.slice(0, 300)}…` : citation.text}\n`);
  }
}
await embedder.dispose();
