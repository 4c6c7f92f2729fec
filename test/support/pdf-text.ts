import { execFileSync } from 'node:child_process';

// pdf-parse (pdf.js) loads its worker by a dynamic import, which Jest's module sandbox refuses;
// the text is extracted by a plain Node process instead.
const SCRIPT = `
import { PDFParse } from 'pdf-parse';
const chunks = [];
for await (const c of process.stdin) chunks.push(c);
const parsed = await new PDFParse({ data: new Uint8Array(Buffer.concat(chunks)) }).getText();
process.stdout.write(JSON.stringify({ text: parsed.text, total: parsed.total }));
`;

/** A PDF's text, page by page as pdf.js reads it, and its number of pages. */
export function pdfText(pdf: Buffer): { text: string; total: number } {
  const out = execFileSync(process.execPath, ['--input-type=module', '-e', SCRIPT], {
    input: pdf,
    cwd: __dirname,
    maxBuffer: 64 * 1024 * 1024,
  });
  return JSON.parse(out.toString('utf8')) as { text: string; total: number };
}
