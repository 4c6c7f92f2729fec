import { Context } from '@temporalio/activity';
import { disciplineReport } from '../api/discipline/data';
import { reportPdf } from '../api/discipline/pdf';
import { REPORT_TITLE } from '../api/discipline/sections';
import { reportXlsx } from '../api/discipline/xlsx';
import { periodQuery } from '../api/routes/stats';
import { XLSX } from '../api/table-export';
import { ReadViews } from '../api/views';
import { createLogger } from '../lib/logger';
import type { Mailer } from '../lib/mailer';
import type { RatingFormula } from '../lib/rating';
import { ReportDelivery } from '../models/report-delivery';
import { User, type Locale } from '../models/user';
import { localDate } from '../workflows/timers';

const SUMMARY: Record<Locale, (r: Awaited<ReturnType<typeof disciplineReport>>) => string> = {
  'uz-Latn': (r) =>
    `Davr: ${r.from} – ${r.to}. Tashkilotlar: ${r.ratings.length}, qizil zonada: ${red(r)}. Muddati oʻtgan topshiriqlar: ${r.overdue.length}. Tekshiruvlar: ${r.inspections.length}.\nHisobot ilovada: XLSX va PDF.`,
  'uz-Cyrl': (r) =>
    `Давр: ${r.from} – ${r.to}. Ташкилотлар: ${r.ratings.length}, қизил зонада: ${red(r)}. Муддати ўтган топшириқлар: ${r.overdue.length}. Текширувлар: ${r.inspections.length}.\nҲисобот иловада: XLSX ва PDF.`,
  ru: (r) =>
    `Период: ${r.from} – ${r.to}. Организаций: ${r.ratings.length}, в красной зоне: ${red(r)}. Просроченных поручений: ${r.overdue.length}. Проверок: ${r.inspections.length}.\nОтчёт во вложении: XLSX и PDF.`,
  en: (r) =>
    `Period: ${r.from} – ${r.to}. Organizations: ${r.ratings.length}, in the red band: ${red(r)}. Overdue assignments: ${r.overdue.length}. Inspections: ${r.inspections.length}.\nThe report is attached as XLSX and PDF.`,
};
const red = (r: Awaited<ReturnType<typeof disciplineReport>>) =>
  r.ratings.filter((x) => x.rating.band === 'red').length;

/**
 * The weekly discipline report, mailed to every active observer in their language with the
 * XLSX and the PDF attached. The figures come from read views built here for the run (a
 * worker keeps none). A retry mails only the observers not yet reached.
 */
export function createSendDisciplineReport(deps: { mailer: Mailer; formula: RatingFormula }) {
  return async (): Promise<{ mailed: number; observers: number }> => {
    const info = Context.current().info;
    const run = info.workflowExecution?.workflowId ?? info.activityId;
    const views = new ReadViews(createLogger({ name: 'report', level: 'warn' }));
    await views.current();
    const period = periodQuery.parse({});
    const observers = await User.find(
      { roles: 'observer', active: true },
      { email: 1, locale: 1 },
    ).lean();
    const render = async (locale: Locale) => {
      const report = await disciplineReport(views, { ...period, locale }, deps.formula);
      return {
        report,
        xlsx: await reportXlsx(report, locale),
        pdf: await reportPdf(report, locale),
      };
    };
    // One rendering per language the observers read.
    const files = new Map<Locale, Awaited<ReturnType<typeof render>>>();
    let mailed = 0;
    for (const o of observers) {
      const key = `${run}|${String(o._id)}`;
      if (await ReportDelivery.exists({ _id: key })) continue;
      const locale = (o.locale ?? 'uz-Latn') as Locale;
      if (!files.has(locale)) files.set(locale, await render(locale));
      const { report, xlsx, pdf } = files.get(locale)!;
      const name = `discipline-${localDate(report.generatedAt.getTime())}`;
      await deps.mailer.send({
        to: o.email,
        subject: `Ijro: ${REPORT_TITLE[locale]}, ${report.from} – ${report.to}`,
        text: SUMMARY[locale](report),
        messageId: `<${key.replace(/[^A-Za-z0-9.-]/g, '.')}@ijro>`,
        attachments: [
          { filename: `${name}.xlsx`, content: xlsx, contentType: XLSX },
          { filename: `${name}.pdf`, content: pdf, contentType: 'application/pdf' },
        ],
      });
      await ReportDelivery.create({ _id: key, userId: String(o._id), sentAt: new Date() });
      mailed += 1;
    }
    return { mailed, observers: observers.length };
  };
}
