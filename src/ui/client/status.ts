/** What GET /health says that the header shows. */
interface Health {
  documents?: unknown;
  paragraphs?: unknown;
  answers?: unknown;
  llm?: { state?: unknown; retryAt?: unknown };
}

/** The header subtitle: corpus size and who writes the answers, including a paused LLM. */
export async function loadStatus(element: HTMLElement): Promise<void> {
  try {
    const response = await fetch("/health", { headers: { Accept: "application/json" } });
    if (!response.ok) return;
    const health = (await response.json()) as Health;
    if (!Number.isInteger(health.documents)) return;
    const documents = Number(health.documents);
    let answers = "extractive answers";
    if (health.answers === "llm") {
      answers = "answers written by a language model, checked against the passages";
      if (health.llm?.state === "cooling-down") {
        const until = typeof health.llm.retryAt === "string" ? new Date(health.llm.retryAt).toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" }) : "later";
        answers = `the language model is paused after repeated failures (until ${until}); extractive answers meanwhile`;
      }
    }
    element.textContent = `${documents} document${documents === 1 ? "" : "s"} · ${String(health.paragraphs)} paragraphs · ${answers}`;
    element.dataset.llm = typeof health.llm?.state === "string" ? health.llm.state : "none";
  } catch {
    // The subtitle keeps its default text.
  }
}
