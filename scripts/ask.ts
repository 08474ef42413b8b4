/** `npm run ask -- "question" [--json] [--k N]`: answers one question from the committed index. */
import { parseArgs } from "node:util";
import { loadRuntime } from "../src/bootstrap.js";
import { parseConfig } from "../src/config.js";
import { askSchema } from "../src/routes/ask.js";

const { values, positionals } = parseArgs({ allowPositionals: true, options: { json: { type: "boolean", default: false }, k: { type: "string" } } });
const parsed = askSchema.safeParse({ question: positionals.join(" "), ...(values.k ? { k: Number(values.k) } : {}) });
if (!parsed.success) {
  console.error(`Usage: npm run ask -- "your question" [--json] [--k N]\n${parsed.error.issues.map((issue) => issue.message).join("\n")}`);
  process.exit(2);
}

const { assistant, embedder } = await loadRuntime(parseConfig(), { log: (message) => console.error(message) });
const { answer, citations, abstained } = await assistant.ask(parsed.data.question, { k: parsed.data.k });
if (values.json) {
  console.log(JSON.stringify({ answer, citations, abstained }, null, 2));
} else {
  console.log(`\n${answer}\n`);
  for (const citation of citations) {
    console.log(`[${citation.n}] ${citation.title} › ${citation.section} ¶${citation.paragraph}  (${citation.id}, score ${citation.score})`);
    console.log(`    ${citation.text.length > 300 ? `${citation.text.slice(0, 300)}…` : citation.text}\n`);
  }
}
await embedder.dispose();
