/**
 * Every limit that both the chat page and the server must agree on, and every bound on the work one
 * request may cause, in one place. Plain constants with no imports, so any side (server, chat page,
 * tests) can read them without pulling in server code.
 */

/** Characters in one question (`/ask`'s `question`, the last user message of `/api/chat`). */
export const MAX_QUESTION_LENGTH = 1000;

/** Bytes of a request body; chat requests carry the conversation so far, 1 MiB holds hundreds of turns. */
export const MAX_BODY_BYTES = 64 * 1024;
export const MAX_CHAT_BODY_BYTES = 1024 * 1024;

/** Messages and characters per message a chat request may carry (clients send the whole history). */
export const MAX_MESSAGES = 500;
export const MAX_MESSAGE_TEXT = 8_000;

/**
 * A compound question ("… and who … and when …") is answered part by part; parts past this many are
 * answered together with the last one, so a question cannot multiply its own retrieval work.
 */
export const MAX_QUESTION_PARTS = 4;

/**
 * Characters of the previous answered turn carried into a follow-up's retrieval query: enough to
 * name what "it" refers to, never the whole turn.
 */
export const MAX_FOLLOW_UP_CONTEXT_CHARS = 300;

/**
 * Word pieces the embedding model reads from one text; the rest is cut (all-MiniLM-L6-v2 was
 * trained on 256). With the parts cap, one question embeds at most
 * MAX_QUESTION_PARTS × MAX_EMBED_TOKENS tokens.
 */
export const MAX_EMBED_TOKENS = 256;

/** Seconds a client is told to wait (`Retry-After`) when the inference queue is full. */
export const RETRY_AFTER_SECONDS = 1;

/**
 * What the chat page sends back of a conversation: its latest messages (follow-ups need only the
 * last turns), dropping the oldest until the JSON is this short — well under MAX_CHAT_BODY_BYTES.
 */
export const MAX_CHAT_HISTORY_MESSAGES = 20;
export const MAX_CHAT_HISTORY_CHARS = 48_000;
