import ExcelJS from 'exceljs';
import type { Locale } from '../../models/user';
import { DATE_FORMAT, sheetColumns } from '../table-export';
import type { DisciplineReport } from './data';
import { GENERATED, PERIOD, REPORT_TITLE, sections } from './sections';

/** A sheet's name: Excel takes 31 characters and none of : \ / ? * [ ]. */
const sheetName = (title: string) => title.replace(/[:\\/?*[\]]/g, ' ').slice(0, 31);

/**
 * The report as a workbook: a cover sheet, then a sheet per table with numbers and dates as
 * such, the header row frozen and filters on it.
 */
export async function reportXlsx(r: DisciplineReport, locale: Locale): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  book.created = r.generatedAt;
  const cover = book.addWorksheet(sheetName(REPORT_TITLE[locale]));
  cover.columns = [{ width: 24 }, { width: 40 }];
  cover.addRow([REPORT_TITLE[locale]]).font = { bold: true, size: 14 };
  cover.addRow([PERIOD[locale], `${r.from} – ${r.to}`]);
  const generated = cover.addRow([GENERATED[locale], r.generatedAt]);
  generated.getCell(2).numFmt = `${DATE_FORMAT[locale]} hh:mm`;
  for (const s of sections(r, locale)) {
    const sheet = book.addWorksheet(sheetName(s.title[locale]), {
      views: [{ state: 'frozen', ySplit: 1 }],
    });
    sheet.columns = sheetColumns(s.columns, locale);
    sheet.getRow(1).font = { bold: true };
    for (const row of s.rows) sheet.addRow(s.columns.map((c) => c.cell(row)));
    sheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: s.columns.length } };
  }
  return Buffer.from(await book.xlsx.writeBuffer());
}
