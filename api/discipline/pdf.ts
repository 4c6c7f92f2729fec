import PDFDocument from 'pdfkit';
import type { Locale } from '../../models/user';
import type { Cell } from '../table-export';
import type { DisciplineReport } from './data';
import { GENERATED, NONE, PAGE, PERIOD, REPORT_TITLE, sections, type Section } from './sections';

// DejaVu Sans draws Uzbek in both scripts (oʻ, gʻ, ҳ, қ, ў, ғ) and Russian; embedded, so the
// file reads the same everywhere.
const FONT = require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans.ttf');
const BOLD = require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans-Bold.ttf');
const SIZE = 7.5;
const PAD = 2;

const dayOf = (d: Date) => d.toISOString().slice(0, 10).split('-').reverse().join('.');
const shown = (c: Cell) => (c instanceof Date ? dayOf(c) : String(c));

/**
 * The report as a PDF: A4 landscape, each table's header repeated on every page it runs
 * onto, and "Page n / N" at the foot of each page.
 */
export function reportPdf(r: DisciplineReport, locale: Locale): Promise<Buffer> {
  const doc = new PDFDocument({
    size: 'A4',
    layout: 'landscape',
    margin: 36,
    bufferPages: true,
    info: { Title: REPORT_TITLE[locale], Producer: 'Ijro' },
  });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  doc.registerFont('body', FONT);
  doc.registerFont('bold', BOLD);
  doc.font('bold').fontSize(14).text(REPORT_TITLE[locale]);
  doc.font('body').fontSize(9);
  doc.text(`${PERIOD[locale]}: ${r.from} – ${r.to}`);
  doc.text(`${GENERATED[locale]}: ${dayOf(r.generatedAt)}`);
  for (const s of sections(r, locale)) table(doc, s, locale);
  const range = doc.bufferedPageRange();
  for (let i = 0; i < range.count; i++) {
    doc.switchToPage(range.start + i);
    const bottom = doc.page.margins.bottom;
    // Written in the margin: with it at zero, the foot line does not start a page of its own.
    doc.page.margins.bottom = 0;
    doc
      .font('body')
      .fontSize(8)
      .text(`${PAGE[locale]} ${i + 1} / ${range.count}`, 36, doc.page.height - 24, {
        width: doc.page.width - 72,
        align: 'right',
      });
    doc.page.margins.bottom = bottom;
  }
  doc.end();
  return done;
}

function table(doc: PDFKit.PDFDocument, s: Section<never>, locale: Locale) {
  const left = doc.page.margins.left;
  const usable = doc.page.width - left - doc.page.margins.right;
  const total = s.columns.reduce((sum, c) => sum + c.width, 0);
  const widths = s.columns.map((c) => (usable * c.width) / total);
  const bottom = () => doc.page.height - doc.page.margins.bottom;
  const line = (cells: string[], font: 'body' | 'bold') => {
    doc.font(font).fontSize(SIZE);
    const height =
      Math.max(...cells.map((t, i) => doc.heightOfString(t, { width: widths[i]! - 2 * PAD }))) +
      2 * PAD;
    if (doc.y + height > bottom()) {
      doc.addPage();
      if (font === 'body') line(headers, 'bold');
      doc.font(font).fontSize(SIZE);
    }
    const top = doc.y;
    let x = left;
    cells.forEach((t, i) => {
      doc.rect(x, top, widths[i]!, height).lineWidth(0.4).stroke('#999999');
      doc.fillColor('#000000').text(t, x + PAD, top + PAD, { width: widths[i]! - 2 * PAD });
      x += widths[i]!;
    });
    doc.x = left;
    doc.y = top + height;
  };
  const headers = s.columns.map((c) => c.header[locale]);
  doc.moveDown(1);
  if (doc.y + 60 > bottom()) doc.addPage();
  doc.font('bold').fontSize(11).text(s.title[locale], left);
  doc.moveDown(0.3);
  if (s.rows.length === 0) {
    doc.font('body').fontSize(9).text(NONE[locale], left);
    return;
  }
  line(headers, 'bold');
  for (const row of s.rows)
    line(
      s.columns.map((c) => shown(c.cell(row))),
      'body',
    );
}
