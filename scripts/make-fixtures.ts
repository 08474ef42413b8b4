/**
 * Regenerates the binary parser fixtures in tests/fixtures/: PDFs printed by headless Chromium from
 * tests/fixtures/sources/*.html (running header and page number from @page margin boxes), and a
 * DOCX written as OOXML parts in a zip. Needs `chromium` on the PATH. Usage: npx tsx scripts/make-fixtures.ts
 */
import { execFileSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import path from "node:path";
import { crc32 } from "node:zlib";

const FIXTURES = path.resolve(import.meta.dirname, "../tests/fixtures");

function printPdf(source: string, target: string): void {
  execFileSync("chromium", ["--headless", "--no-sandbox", "--disable-gpu", "--no-pdf-header-footer", `--print-to-pdf=${path.join(FIXTURES, target)}`, path.join(FIXTURES, "sources", source)], { stdio: "ignore" });
  console.log(`wrote tests/fixtures/${target}`);
}

function header(size: number, fields: [number, number, 16 | 32][]): Buffer {
  const bytes = Buffer.alloc(size);
  for (const [at, value, bits] of fields) {
    if (bits === 16) bytes.writeUInt16LE(value, at);
    else bytes.writeUInt32LE(value, at);
  }
  return bytes;
}

/** A zip archive with stored (uncompressed) entries: all a DOCX reader needs. */
function zip(files: Record<string, string>): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const [name, content] of Object.entries(files)) {
    const data = Buffer.from(content, "utf8");
    const nameBytes = Buffer.from(name, "utf8");
    const crc = crc32(data);
    // Local header and central directory entry: [byte offset, value, width in bits] over zeros.
    const local = header(30, [[0, 0x04034b50, 32], [4, 20, 16], [14, crc, 32], [18, data.length, 32], [22, data.length, 32], [26, nameBytes.length, 16]]);
    const central = header(46, [[0, 0x02014b50, 32], [4, 20, 16], [6, 20, 16], [16, crc, 32], [20, data.length, 32], [24, data.length, 32], [28, nameBytes.length, 16], [42, offset, 32]]);
    locals.push(local, nameBytes, data);
    centrals.push(central, nameBytes);
    offset += local.length + nameBytes.length + data.length;
  }
  const directory = Buffer.concat(centrals);
  const end = header(22, [[0, 0x06054b50, 32], [8, Object.keys(files).length, 16], [10, Object.keys(files).length, 16], [12, directory.length, 32], [16, offset, 32]]);
  return Buffer.concat([...locals, directory, end]);
}

const escape = (text: string) => text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
const run = (text: string) => `<w:r><w:t xml:space="preserve">${escape(text)}</w:t></w:r>`;
const paragraph = (text: string, style?: string, numbered = false) =>
  `<w:p>${style || numbered ? `<w:pPr>${style ? `<w:pStyle w:val="${style}"/>` : ""}${numbered ? '<w:numPr><w:ilvl w:val="0"/><w:numId w:val="1"/></w:numPr>' : ""}</w:pPr>` : ""}${run(text)}</w:p>`;
const cell = (text: string) => `<w:tc>${paragraph(text)}</w:tc>`;
const table = (rows: string[][]) => `<w:tbl>${rows.map((row) => `<w:tr>${row.map(cell).join("")}</w:tr>`).join("")}</w:tbl>`;

/** Text from the Fastify documentation (MIT, tests/data/fastify-docs/LICENSE), in Word's structure. */
function guideDocx(): Buffer {
  const body = [
    paragraph("Testing Fastify Applications", "Heading1"),
    paragraph("Testing is one of the most important parts of developing an application. Fastify is very flexible when it comes to testing and is compatible with most testing frameworks."),
    paragraph("Separating concerns", "Heading2"),
    paragraph("By separating the application from the code that starts the server, the application can be tested without listening on a port. The app.js file builds the application and server.js only starts it."),
    paragraph("Benefits of using fastify.inject()", "Heading2"),
    paragraph("Fastify comes with built-in support for fake HTTP injection thanks to light-my-request. Before introducing any tests, the .inject method is used to make a fake request to the route:"),
    paragraph("No real network connection is opened.", undefined, true),
    paragraph("The whole request lifecycle runs, hooks included.", undefined, true),
    paragraph("Responses can be inspected without a client library.", undefined, true),
    paragraph("Test runners", "Heading2"),
    table([
      ["Runner", "Ships with Node.js", "Notes"],
      ["node:test", "yes", "used by the Fastify examples"],
      ["tap", "no", "used by Fastify itself until version 5"],
    ]),
  ].join("");
  const w = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"';
  const styles = ["Heading1", "Heading2"].map((id, index) => `<w:style w:type="paragraph" w:styleId="${id}"><w:name w:val="heading ${index + 1}"/></w:style>`).join("");
  return zip({
    "[Content_Types].xml": `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/><Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/><Override PartName="/word/numbering.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.numbering+xml"/></Types>`,
    "_rels/.rels": `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>`,
    "word/_rels/document.xml.rels": `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/numbering" Target="numbering.xml"/></Relationships>`,
    "word/styles.xml": `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:styles ${w}>${styles}</w:styles>`,
    "word/numbering.xml": `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:numbering ${w}><w:abstractNum w:abstractNumId="0"><w:lvl w:ilvl="0"><w:numFmt w:val="bullet"/><w:lvlText w:val="•"/></w:lvl></w:abstractNum><w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num></w:numbering>`,
    "word/document.xml": `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document ${w}><w:body>${body}</w:body></w:document>`,
  });
}

printPdf("report.html", "report.pdf");
printPdf("scanned.html", "scanned.pdf");
writeFileSync(path.join(FIXTURES, "guide.docx"), guideDocx());
console.log("wrote tests/fixtures/guide.docx");
