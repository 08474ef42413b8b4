import { createRequire } from "node:module";

type Chardet = typeof import("chardet");
type Iconv = typeof import("iconv-lite");
let decoders: { chardet: Chardet; iconv: Iconv } | undefined;

/**
 * chardet and iconv-lite (0.65 MB of code with their tables) decode only what is not UTF-8, which
 * few files are; their CommonJS builds are loaded on first use instead of at every start.
 */
function legacyDecoders(): { chardet: Chardet; iconv: Iconv } {
  const load = createRequire(import.meta.url);
  decoders ??= { chardet: load("chardet") as Chardet, iconv: load("iconv-lite") as Iconv };
  return decoders;
}

export type DecodedText = { text: string; encoding: string; warning?: string } | { binary: true; detail: string };

/** How much of a file is inspected for binary content. */
const SNIFF_BYTES = 64 * 1024;
/** Control characters other than tab, line feed, form feed and carriage return; text has almost none. */
const CONTROL = /[\u0000-\u0008\u000B\u000E-\u001A\u001C-\u001F]/g;

function looksBinary(bytes: Uint8Array): string | undefined {
  const head = bytes.subarray(0, SNIFF_BYTES);
  if (head.includes(0)) return "contains NUL bytes";
  const controls = Buffer.from(head).toString("latin1").match(CONTROL)?.length ?? 0;
  if (head.length > 0 && controls / head.length > 0.05) return `${((controls / head.length) * 100).toFixed(0)}% control characters`;
  return undefined;
}

const utf8 = new TextDecoder("utf-8", { fatal: true, ignoreBOM: false });

/**
 * Decodes a text file: UTF-8 (a byte-order mark is dropped) or UTF-16 with a byte-order mark; anything
 * else that is not valid UTF-8 is decoded in the encoding chardet detects, or as Windows-1252 when it
 * detects none iconv-lite knows, with a warning either way. NUL bytes or many control characters mean binary.
 */
export function decodeText(bytes: Uint8Array): DecodedText {
  const utf16 = bytes[0] === 0xff && bytes[1] === 0xfe ? "utf-16le" : bytes[0] === 0xfe && bytes[1] === 0xff ? "utf-16be" : undefined;
  if (utf16) return { text: legacyDecoders().iconv.decode(Buffer.from(bytes.subarray(2)), utf16), encoding: utf16.toUpperCase() };
  const binary = looksBinary(bytes);
  if (binary) return { binary: true, detail: binary };
  try {
    // TextDecoder drops a UTF-8 byte-order mark itself.
    return { text: utf8.decode(bytes), encoding: "UTF-8" };
  } catch {
    const { chardet, iconv } = legacyDecoders();
    const candidates = chardet.analyse(bytes).filter((match) => !/^UTF|ASCII/i.test(match.name) && iconv.encodingExists(match.name));
    const detected = candidates[0];
    if (detected && detected.confidence >= 30) {
      return { text: iconv.decode(Buffer.from(bytes), detected.name), encoding: detected.name, warning: `not valid UTF-8; decoded as ${detected.name} (detected, confidence ${detected.confidence}%)` };
    }
    return { text: iconv.decode(Buffer.from(bytes), "windows-1252"), encoding: "windows-1252", warning: "not valid UTF-8 and no encoding detected; decoded as Windows-1252" };
  }
}
