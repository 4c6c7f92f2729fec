import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as prettier from 'prettier';
import { projectRoot, toolPaths } from '../../lib/paths';
import type { BaselineResult } from './baseline';
import { keptPart } from './kept';
import type { LifecycleResult } from './lifecycle';
import type { QueryResult, QueryRun } from './queries';
import type { RegistrationResult } from './registration';
import type { ProcessRole } from './stack';
import type { Tally } from './store-commands';

export interface BenchResults {
  command: string;
  fraction: number;
  lifecycleFraction: number;
  counts: { organizations: number; users: number; documents: number; assignments: number };
  concurrency: { documents: number; lifecycle: number; queries: number };
  registration: RegistrationResult;
  lifecycle: LifecycleResult;
  queries: QueryResult[];
  /** The same queries at each share of the registration, the last one at all of it. */
  growth: QueryRun[];
  /** Store commands of the API and the worker while registering and over the lifecycle. */
  storeCommands: { registering: Tally; acting: Tally };
  /** CPU seconds by process while registering, over the lifecycle and the no-op's phases. */
  cpu: { registering: Tally; acting: Tally; noopStarts: Tally; noopLifecycle: Tally };
  peakRss: Partial<Record<ProcessRole, number>>;
  /** Documents per collection at the end of the run. */
  data: Record<string, number>;
  baseline: BaselineResult;
}

const GB = 1024 ** 3;
const ms = (n: number) => (Number.isFinite(n) ? `${n < 10 ? n.toFixed(1) : n.toFixed(0)} ms` : '–');
const mb = (n: number | undefined) => (n === undefined ? '–' : `${(n / 1024 ** 2).toFixed(0)} MB`);
const per = (n: number) => `${n.toFixed(1)}/s`;
const secs = (n: number) => `${n.toFixed(1)} s`;
const table = (head: string[], rows: string[][]) =>
  [head, head.map(() => '---'), ...rows].map((r) => `| ${r.join(' | ')} |`).join('\n');

function machine(): string {
  const cpus = os.cpus();
  const temporal = (() => {
    try {
      return execFileSync(toolPaths().temporal, ['--version'], { encoding: 'utf8' }).trim();
    } catch {
      return 'unknown';
    }
  })();
  const gomod = fs.readFileSync(path.join(projectRoot, 'tools', 'ferretdb', 'go.mod'), 'utf8');
  const ferret = /FerretDB\/FerretDB (v\S+)/.exec(gomod)?.[1] ?? 'unknown';
  return [
    `- CPU: ${cpus[0]?.model ?? 'unknown'}, ${cpus.length} cores`,
    `- RAM: ${(os.totalmem() / GB).toFixed(1)} GB`,
    `- Node.js ${process.version}, ${os.type()} ${os.release()}`,
    `- Temporal: ${temporal} (dev server on SQLite, WAL)`,
    `- FerretDB ${ferret} on SQLite (embedded launcher)`,
  ].join('\n');
}

/** Each target with its verdict; the registration target scales with the fraction. */
function targets(r: BenchResults): [string, string, boolean][] {
  const limit = 15 * 60 * r.fraction;
  const ratio = r.lifecycle.rate / r.baseline.lifecycleRate;
  const worstList = Math.max(...r.queries.map((q) => q.p95));
  const failed = r.queries.reduce((n, q) => n + q.failed, 0);
  const rss = (role: ProcessRole) => r.peakRss[role] ?? Infinity;
  return [
    [
      `register ${r.counts.assignments} assignments in < ${secs(limit)}`,
      secs(r.registration.seconds),
      r.registration.seconds < limit,
    ],
    [
      'lifecycle ≥ 0.7 × the no-op baseline',
      `${ratio.toFixed(2)} × (${per(r.lifecycle.rate)} vs ${per(r.baseline.lifecycleRate)})`,
      ratio >= 0.7,
    ],
    [
      'every list and dashboard query p95 < 100 ms, none failed',
      `worst ${ms(worstList)}, ${failed} failed`,
      worstList < 100 && failed === 0,
    ],
    ['worker peak RSS < 1 GB', mb(r.peakRss.worker), rss('worker') < GB],
    ['API peak RSS < 1 GB', mb(r.peakRss.api), rss('api') < GB],
  ];
}

function storeTable(r: BenchResults): string {
  const { registering, acting } = r.storeCommands;
  const perAssignment = (n: number) => (n / Math.max(r.counts.assignments, 1)).toFixed(2);
  const perAction = (n: number) => (n / Math.max(r.lifecycle.assignments * 4, 1)).toFixed(2);
  const keys = [...new Set([...registering.keys(), ...acting.keys()])].sort(
    (a, b) => (acting.get(b) ?? 0) - (acting.get(a) ?? 0),
  );
  const sum = (t: Tally) => [...t.values()].reduce((s, n) => s + n, 0);
  return table(
    ['collection and command', 'per assignment registered', 'per lifecycle action'],
    [
      ...keys.map((k) => [
        k,
        perAssignment(registering.get(k) ?? 0),
        perAction(acting.get(k) ?? 0),
      ]),
      ['all', perAssignment(sum(registering)), perAction(sum(acting))],
    ],
  );
}

function cpuTable(r: BenchResults): string {
  const { registering, acting, noopStarts, noopLifecycle } = r.cpu;
  const actions = r.lifecycle.assignments * 4;
  const columns: [Tally, number][] = [
    [registering, r.counts.assignments],
    [acting, actions],
    [noopStarts, r.baseline.starts],
    [noopLifecycle, r.baseline.lifecycles * 4],
  ];
  const cell = ([t, n]: [Tally, number], key?: string) => {
    const seconds = key ? (t.get(key) ?? 0) : [...t.values()].reduce((s, x) => s + x, 0);
    return ms((seconds * 1000) / Math.max(n, 1));
  };
  const names = ['worker', 'api', 'temporal', 'ferretdb', 'bench'];
  return table(
    [
      'process',
      'per assignment registered',
      'per lifecycle action',
      'per no-op start',
      'per no-op update',
    ],
    [
      ...names.map((key) => [key, ...columns.map((c) => cell(c, key))]),
      ['all', ...columns.map((c) => cell(c))],
    ],
  );
}

/** The results as Markdown: what ran, where, the figures and the verdict on each target. */
export function render(r: BenchResults, date: Date): string {
  const reg = r.registration;
  const life = r.lifecycle;
  const base = r.baseline;
  const steps = Object.keys(life.actions);
  const c = r.counts;
  return `# Benchmarks

Generated by \`${r.command}\` on ${date.toISOString()} (scale 2019 × ${r.fraction}: ${c.organizations} organizations,
${c.users} users, ${c.documents} documents, ${c.assignments} assignments; lifecycle over
${life.assignments} of them). The stack is \`npm start\`'s embedded default, started fresh by
the benchmark. Rerun it with the command above; \`scripts/bench.ts\` says what each figure means.

## Machine

${machine()}

## Targets

${table(
  ['target', 'measured', 'verdict'],
  targets(r).map(([what, got, ok]) => [what, got, ok ? 'PASS' : 'MISS']),
)}

## (a) Registration (POST /documents, ${r.concurrency.documents} documents in flight)

${table(
  ['assignments', 'all started', 'all rows written', 'rate', 'settled', 'registry import'],
  [
    [
      String(reg.assignments),
      secs(reg.startedSeconds),
      secs(reg.seconds),
      per(reg.rate),
      secs(reg.settledSeconds),
      secs(reg.registrySeconds),
    ],
  ],
)}

## (b) Lifecycle: acknowledge → final report → accept → close (${r.concurrency.lifecycle} assignments in flight)

${table(
  ['assignments', 'time', 'completed', 'sign-in setup'],
  [[String(life.assignments), secs(life.seconds), per(life.rate), secs(life.setupSeconds)]],
)}

${table(
  ['action', 'p50', 'p95', 'p99', 'no-op p50', 'no-op p95', 'no-op p99'],
  steps.map((s) => {
    const a = life.actions[s];
    const b = base.updates[s];
    return [
      s,
      ms(a?.p50 ?? NaN),
      ms(a?.p95 ?? NaN),
      ms(a?.p99 ?? NaN),
      ms(b?.p50 ?? NaN),
      ms(b?.p95 ?? NaN),
      ms(b?.p99 ?? NaN),
    ];
  }),
)}

## (c) Queries (${r.concurrency.queries} concurrent clients, autocannon)

${table(
  ['caller', 'query', 'answered', 'p50', 'p95', 'req/s', 'failed'],
  r.queries.map((q) => [
    q.caller,
    `\`GET ${q.path}\``,
    String(q.count),
    ms(q.p50),
    ms(q.p95),
    per(q.rps),
    String(q.failed),
  ]),
)}

## (c′) p95 as the data grows

The same queries, run with registration paused at each share of the assignments (the store
settled first), so the cost of a list can be compared with the rows it does not return.

${table(
  [
    'caller',
    'query',
    ...r.growth.map(
      (g) => `p95 at 2019 × ${+(g.share * r.fraction).toFixed(3)} (${g.assignments} rows)`,
    ),
  ],
  // Each run asks the same queries in the same order.
  r.queries.map((q, i) => [
    q.caller,
    `\`GET ${q.path}\``,
    ...r.growth.map((g) => ms(g.results[i]?.p95 ?? NaN)),
  ]),
)}

## (d) Peak RSS (VmHWM)

${table(
  ['worker', 'API', 'Temporal dev server', 'FerretDB'],
  [[mb(r.peakRss.worker), mb(r.peakRss.api), mb(r.peakRss.temporal), mb(r.peakRss.ferretdb)]],
)}

Documents per collection at the end:

${table(Object.keys(r.data), [Object.values(r.data).map(String)])}

## (e) No-op baseline on the same Temporal server

${table(
  ['', 'count', 'time', 'rate', 'Ijro', 'Ijro / no-op'],
  [
    [
      'workflow starts',
      String(base.starts),
      secs(base.startSeconds),
      per(base.startRate),
      per(reg.rate),
      (reg.rate / base.startRate).toFixed(2),
    ],
    [
      '4 updates each',
      String(base.lifecycles),
      secs(base.lifecycleSeconds),
      per(base.lifecycleRate),
      per(life.rate),
      (life.rate / base.lifecycleRate).toFixed(2),
    ],
  ],
)}

## (f) Store commands (the API's and the worker's \`ijro_store_commands_total\`)

Per assignment registered (the pauses for queries left out) and per lifecycle action (four
actions per assignment), both processes together, background work included.

${storeTable(r)}

## (g) CPU time by process (user + system, from \`/proc\`)

Over the same spans as (f), and over the no-op baseline's starts and updates. On 2 cores, 1 s of
wall time holds 2 s of CPU, so the \`all\` row bounds the rate: 2,000 ms divided by it. \`bench\`
is this script: the HTTP clients for Ijro, and the no-op's worker and client for the baseline.

${cpuTable(r)}
`;
}

/** Writes docs/benchmarks.md formatted as the repository's Prettier check wants it. */
export async function writeReport(r: BenchResults): Promise<string> {
  const file = path.join(projectRoot, 'docs', 'benchmarks.md');
  const kept = fs.existsSync(file) ? keptPart(fs.readFileSync(file, 'utf8')) : '';
  const options = { ...(await prettier.resolveConfig(file)), parser: 'markdown' };
  const md = await prettier.format(`${render(r, new Date())}\n${kept}`, options);
  fs.writeFileSync(file, md);
  return md;
}
