import { trusted } from 'mongoose';
import type { RatingFormula } from '../../lib/rating';
import { AssignmentModel } from '../../models/assignment';
import { DocumentModel } from '../../models/document';
import { User } from '../../models/user';
import { localDate } from '../../workflows/timers';
import type { Inspection, Violation } from '../../workflows/types';
import { lastMonths, ratingRows, sortRatings, type RatingRow } from '../ratings';
import type { ReadViews } from '../views';

/** What the discipline report says, for a period of months, of the organizations in reach. */
export interface DisciplineReport {
  from: string;
  to: string;
  /** The period of the same length just before, for the ratings' change. */
  previous: { from: string; to: string };
  generatedAt: Date;
  ratings: (RatingRow & { previousScore: number | null; change: number | null })[];
  overdue: OverdueLine[];
  inspections: InspectionLine[];
}

export interface OverdueLine {
  orgId: string;
  organization: string;
  /** The organization's heads by name, who answer for it. */
  heads: string;
  document: string;
  clause: string;
  deadline: string;
  overdueDays: number;
  /** Passed down from another assignment: a region's part of a larger one. */
  sub: boolean;
  assignmentId: string;
}

export interface InspectionLine {
  organization: string;
  document: string;
  clause: string;
  plannedAt: string;
  status: string;
  outcome: string;
  violations: number;
  referToProsecutor: boolean;
  findings: string;
}

const OPEN = ['in_execution', 'under_review'] as const;

/** The months `count` long that end the month before `from`. */
function before(from: string, count: number): { from: string; to: string } {
  const months = lastMonths(`${from}-01`, count + 1);
  return { from: months[0]!, to: months[count - 1]! };
}

const monthsBetween = (from: string, to: string) =>
  (Number(to.slice(0, 4)) - Number(from.slice(0, 4))) * 12 +
  Number(to.slice(5)) -
  Number(from.slice(5)) +
  1;

/**
 * The report's figures: ratings from the counts the read views keep (and the previous
 * period's, for the change), the overdue register and the period's inspections from the read
 * model, organizations named in `locale`. `orgs`: the reach (all when absent).
 */
export async function disciplineReport(
  views: ReadViews,
  q: { from: string; to: string; orgs?: readonly string[]; locale: string },
  formula: RatingFormula,
): Promise<DisciplineReport> {
  const previous = before(q.from, monthsBetween(q.from, q.to));
  const rate = (p: { from: string; to: string }) =>
    ratingRows(views, { orgs: q.orgs, ...p, subtree: false, locale: q.locale, formula });
  const earlier = new Map(rate(previous).map((r) => [r.orgId, r.rating.score]));
  const rows = rate(q);
  sortRatings(rows, 'score', 'asc');
  const ratings = rows.map((r) => {
    const previousScore = earlier.get(r.orgId) ?? null;
    const change =
      r.rating.score === null || previousScore === null
        ? null
        : Math.round((r.rating.score - previousScore) * 10) / 10;
    return { ...r, previousScore, change };
  });

  const inReach = q.orgs ? { leadOrgId: trusted({ $in: [...q.orgs] }) } : {};
  const overdueDocs = await AssignmentModel.find(
    { overdue: true, status: trusted({ $in: [...OPEN] }), ...inReach },
    { leadOrgId: 1, documentId: 1, clause: 1, deadline: 1, overdueDays: 1, parentId: 1 },
  ).lean();
  const start = new Date(`${q.from}-01T00:00:00+05:00`).toISOString();
  const inspected = await AssignmentModel.find(
    { 'inspections.startedAt': trusted({ $gte: start }), ...inReach },
    { leadOrgId: 1, documentId: 1, clause: 1, inspections: 1, violations: 1 },
  ).lean();

  const documents = await documentNames([...overdueDocs, ...inspected].map((a) => a.documentId));
  const heads = await headsOf(overdueDocs.map((a) => a.leadOrgId));
  const org = (id: string) => views.orgs.nameOf(id, q.locale) ?? id;
  const overdue = overdueDocs
    .map((a) => ({
      orgId: a.leadOrgId,
      organization: org(a.leadOrgId),
      heads: heads.get(a.leadOrgId)?.join(', ') ?? '',
      document: documents.get(a.documentId) ?? '',
      clause: a.clause,
      deadline: a.deadline,
      overdueDays: a.overdueDays ?? 0,
      sub: !!a.parentId,
      assignmentId: String(a._id),
    }))
    .sort(
      (x, y) => x.organization.localeCompare(y.organization) || (x.deadline < y.deadline ? -1 : 1),
    );

  const end = localDate(Date.now()).slice(0, 7) <= q.to ? '9999' : `${q.to}-31T23:59:59+05:00`;
  const inPeriod = (at: string) =>
    localDate(Date.parse(at)).slice(0, 7) >= q.from && (end === '9999' || at <= end);
  const inspections: InspectionLine[] = [];
  for (const a of inspected)
    for (const i of (a.inspections ?? []) as Inspection[]) {
      if (!inPeriod(i.startedAt)) continue;
      const found = ((a.violations ?? []) as Violation[]).filter((v) => v.inspectionId === i.id);
      const orgIds = i.orgIds.length > 0 ? i.orgIds : [a.leadOrgId];
      inspections.push({
        organization: orgIds.map(org).join(', '),
        document: documents.get(a.documentId) ?? '',
        clause: a.clause,
        plannedAt: i.plannedAt,
        status: i.status,
        outcome: i.outcome ?? '',
        violations: found.length,
        referToProsecutor: !!i.referToProsecutor,
        findings: i.findings ?? '',
      });
    }
  inspections.sort((x, y) => (x.plannedAt < y.plannedAt ? -1 : 1));
  return {
    from: q.from,
    to: q.to,
    previous,
    generatedAt: new Date(),
    ratings,
    overdue,
    inspections,
  };
}

/** "PQ-123" for each document id. */
async function documentNames(ids: string[]): Promise<Map<string, string>> {
  const unique = [...new Set(ids)];
  const docs = await DocumentModel.find({ _id: trusted({ $in: unique }) }, { number: 1 }).lean();
  return new Map(docs.map((d) => [String(d._id), d.number]));
}

/** The active heads of each organization, by name. */
async function headsOf(orgIds: string[]): Promise<Map<string, string[]>> {
  const unique = [...new Set(orgIds)];
  const people = await User.find(
    { roles: 'org_head', active: true, organizationId: trusted({ $in: unique }) },
    { fullName: 1, organizationId: 1 },
  ).lean();
  const out = new Map<string, string[]>();
  for (const p of people) {
    const org = String(p.organizationId);
    out.set(org, [...(out.get(org) ?? []), p.fullName]);
  }
  return out;
}
