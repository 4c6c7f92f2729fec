// `npm run bench:views`: the in-memory assignment list (api/views/assignments.ts) alone, at
// fractions of the 2019 scale, without a stack: how long one list or count takes in one
// process as the rows grow. `npm run bench` measures the same queries through HTTP.
import { parseArgs } from 'node:util';
import { ASSIGNMENT_STATUSES } from '../models/assignment';
import { DEFAULT_FORMULA } from '../lib/rating';
import { ratingRows, sortRatings } from '../api/ratings';
import type { ReadViews } from '../api/views';
import { AssignmentView, type AssignmentFilter } from '../api/views/assignments';
import { OrgTree } from '../api/views/organizations';
import { summarize } from './bench/stats';
import { scalePlan } from './seed/scale';

const { values } = parseArgs({
  options: {
    fractions: { type: 'string', default: '0.25,0.5,1' },
    runs: { type: 'string', default: '200' },
  },
});

/** A view of the plan's assignments, their statuses and flags spread over the rows. */
function load(fraction: number) {
  const plan = scalePlan({ fraction, seed: 2019, today: '2026-11-30' });
  const id = (key: string) => key.padStart(24, '0');
  const view = new AssignmentView();
  let n = 0;
  for (const d of plan.documents)
    for (const a of d.assignments) {
      n += 1;
      view.put({
        _id: id(`a${n}`),
        version: 1,
        documentId: id(`d${d.number}`),
        clause: a.clause,
        text: a.text,
        leadOrgId: id(a.lead),
        coOrgIds: a.co.map(id),
        controllerId: id('controller'),
        deadline: a.deadline,
        status: ASSIGNMENT_STATUSES[n % 3 === 0 ? 0 : 1],
        overdue: n % 7 === 0,
        executions: [],
      });
    }
  const children = new Map<string, string[]>();
  for (const o of plan.orgs)
    if (o.parent) children.set(o.parent, [...(children.get(o.parent) ?? []), o.key]);
  const subtree = (key: string): string[] => [key, ...(children.get(key) ?? []).flatMap(subtree)];
  const central = plan.orgs
    .filter((o) => o.level === 'central')
    .map((o) => subtree(o.key))
    .sort((x, y) => y.length - x.length)[0]!;
  const leads = new Map<string, number>();
  for (const d of plan.documents)
    for (const a of d.assignments) leads.set(a.lead, (leads.get(a.lead) ?? 0) + 1);
  const busiest = [...leads].sort((x, y) => y[1] - x[1])[0]![0];
  const scopes: [string, string[] | undefined][] = [
    ['executor', [id(busiest)]],
    ['org head', central.map(id)],
    ['controller', undefined],
  ];
  const tree = new OrgTree();
  for (const o of plan.orgs)
    tree.put({ _id: id(o.key), parentId: o.parent ? id(o.parent) : null, name: o.name });
  return { view, scopes, orgId: id(busiest), tree, orgs: plan.orgs.length };
}

const queries = (orgId: string): [string, AssignmentFilter, number][] => [
  ['first page', {}, 1],
  ['status=in_execution', { status: 'in_execution' }, 1],
  ['overdue=true', { overdue: true }, 1],
  ['orgId', { orgId }, 1],
  ['dueBefore=2026-12-31', { dueBefore: '2026-12-31' }, 1],
  ['q=monitoring', { q: 'monitoring' }, 1],
  ['page 20', {}, 20],
];

/** Mean and p95 of `run` over the runs asked, after 20 to warm the code up. */
const time = (run: () => unknown) => {
  const ms: number[] = [];
  for (let i = 0; i < Number(values.runs) + 20; i++) {
    const from = performance.now();
    run();
    if (i >= 20) ms.push(performance.now() - from);
  }
  return { mean: ms.reduce((s, x) => s + x, 0) / ms.length, ...summarize(ms) };
};
const f = (x: number) => `${x.toFixed(2)} ms`;

console.log('| rows | caller | query | mean | p95 | facets mean |');
console.log('| ---- | ------ | ----- | ---- | --- | ----------- |');
const ratings: string[] = [];
for (const fraction of values.fractions.split(',').map(Number)) {
  const { view, scopes, orgId, tree, orgs } = load(fraction);
  for (const [caller, scope] of scopes)
    for (const [name, filter, page] of queries(orgId)) {
      const list = time(() => view.list({ ...filter, scope }, { page, limit: 50 }));
      const facets = time(() => view.facets({ ...filter, scope }));
      console.log(
        `| ${view.size} | ${caller} | ${name} | ${f(list.mean)} | ${f(list.p95)} | ${f(facets.mean)} |`,
      );
    }
  // What GET /stats/organizations (and /public/ratings) works out per request: every
  // organization's line for twelve months, sorted by score, one page taken.
  const views = { assignments: view, orgs: tree } as unknown as ReadViews;
  for (const subtree of [false, true]) {
    const table = time(() => {
      const rows = ratingRows(views, {
        from: '2026-01',
        to: '2026-12',
        subtree,
        locale: 'uz-Latn',
        formula: DEFAULT_FORMULA,
      });
      sortRatings(rows, 'score', 'asc');
      return rows.slice(0, 50);
    });
    ratings.push(`| ${view.size} | ${orgs} | ${subtree} | ${f(table.mean)} | ${f(table.p95)} |`);
  }
}
console.log('\n| rows | organizations | subtree | rating table mean | p95 |');
console.log('| ---- | ------------- | ------- | ----------------- | --- |');
for (const line of ratings) console.log(line);
