// `npm run bench`: the 2019 scale (or a fraction of it) on a fresh embedded stack, measured.
// (a) registration throughput, (b) lifecycle throughput and latency per action, (c) list
// queries under concurrent clients, (d) peak memory of the worker and the API, (e) a no-op
// workflow on the same Temporal server as the yardstick. Results go to docs/benchmarks.md.
import { parseArgs } from 'node:util';
import mongoose from 'mongoose';
import { AssignmentModel } from '../models/assignment';
import { AuditEvent } from '../models/audit';
import { NotificationModel } from '../models/notification';
import { Organization } from '../models/organization';
import { User } from '../models/user';
import { addDays } from '../workflows/calendar';
import { localDate } from '../workflows/timers';
import { measureBaseline } from './bench/baseline';
import { measureLifecycle } from './bench/lifecycle';
import { signInCallers, type Callers } from './bench/callers';
import { measureQueries, type QueryRun } from './bench/queries';
import { measureRegistration } from './bench/registration';
import { writeReport } from './bench/report';
import { startBenchStack, type BenchStack } from './bench/stack';
import { addTally, cpuByProcess, storeCommands, type Tally } from './bench/store-commands';
import { ApiClient } from './seed/api-client';
import { scalePlan } from './seed/scale';

const USAGE = `npm run bench -- [--fraction 1] [--lifecycle-fraction 1] [--concurrency 4]
  [--max-pending 500] [--lifecycle-concurrency 8] [--query-requests 100] [--seed 2019]
  [--queries-at 0.25,0.5] [--keep]

Starts a fresh stack (dist/scripts/start.js) in a temporary DATA_DIR, loads the 2019 scale × fraction
through the API and measures it; writes docs/benchmarks.md. --lifecycle-fraction takes only that
share of the assignments through the lifecycle; --queries-at pauses registration at those shares
of the assignments to run the queries there too (so their cost is seen as the data grows);
--keep leaves the data directory in place.`;

const options = {
  fraction: { type: 'string', default: '1' },
  'lifecycle-fraction': { type: 'string', default: '1' },
  concurrency: { type: 'string', default: '4' },
  'max-pending': { type: 'string', default: '500' },
  'lifecycle-concurrency': { type: 'string', default: '8' },
  'query-requests': { type: 'string', default: '100' },
  seed: { type: 'string', default: '2019' },
  'queries-at': { type: 'string', default: '0.25,0.5' },
  keep: { type: 'boolean', default: false },
  help: { type: 'boolean', default: false },
} as const;

const QUERY_CLIENTS = 20;
/** The API starts a document's workflows this many at a time (api/documents.ts). */
const STARTS_PER_DOCUMENT = 8;

const log = (line: string) => console.log(`[bench] ${line}`);

/** "0.25,0.5" → [0.25, 0.5]; each must be a share strictly between 0 and 1. */
function shares(list: string): number[] {
  const out = list.split(',').filter(Boolean).map(Number);
  if (out.some((x) => !(x > 0 && x < 1))) throw new Error('--queries-at takes shares in (0, 1)');
  return out;
}

/** What the database holds at the end: most reads scan whole collections on FerretDB v1. */
const COLLECTIONS = [Organization, User, AssignmentModel, AuditEvent, NotificationModel];
const sizes = async (db: mongoose.mongo.Db) =>
  Object.fromEntries(
    await Promise.all(
      COLLECTIONS.map(async ({ collection: { collectionName: name } }) => [
        name,
        await db.collection(name).estimatedDocumentCount(),
      ]),
    ),
  ) as Record<string, number>;

async function main(): Promise<void> {
  const { values } = parseArgs({ options });
  if (values.help) return console.log(USAGE);
  const fraction = Number(values.fraction);
  const lifecycleFraction = Number(values['lifecycle-fraction']);
  if (!(lifecycleFraction > 0 && lifecycleFraction <= 1))
    throw new Error('--lifecycle-fraction must be in (0, 1]');
  const concurrency = Number(values.concurrency);
  const lifecycleConcurrency = Number(values['lifecycle-concurrency']);
  const plan = scalePlan({ fraction, seed: Number(values.seed), today: localDate(Date.now()) });

  const stack = await startBenchStack({ keep: values.keep, log });
  const stopOnSignal = () => void stack.stop().finally(() => process.exit(130));
  process.once('SIGINT', stopOnSignal);
  process.once('SIGTERM', stopOnSignal);
  // Few: the embedded store's connections are shared with the stack (lib/mongo.ts).
  const db = mongoose.createConnection(stack.mongoUri, { dbName: 'ijro', maxPoolSize: 4 });
  try {
    await db.asPromise();
    await run(stack, db.db as mongoose.mongo.Db);
  } finally {
    await db.close();
    log('stopping the stack');
    await stack.stop();
  }

  async function run(stack: BenchStack, mongo: mongoose.mongo.Db): Promise<void> {
    const admin = await new ApiClient(stack.base).login(stack.adminEmail, stack.adminPassword);
    const region = plan.orgs.find((o) => o.level === 'region')?.key as string;
    // The same four callers read at every share: signed in once the users exist.
    let callers: Callers | undefined;
    let orgId = '';
    const growth: QueryRun[] = [];
    // Store commands while registering (not while the queries ran) and over the lifecycle.
    const commands = storeCommands(stack.metricsUrls);
    const registering: Tally = new Map();
    // CPU seconds by process over the same spans, and over the no-op baseline's phases.
    const cpu = cpuByProcess(() => stack.cpuByRole());
    const cpuRegistering: Tally = new Map();
    const since = async () => [await commands.since(), await cpu.since()] as const;
    const queriesAt = async (share: number) => {
      const [n, seconds] = await since();
      addTally(registering, n);
      addTally(cpuRegistering, seconds);
      growth.push({
        share,
        assignments: (await sizes(mongo)).assignments ?? 0,
        results: await measureQueries({
          base: stack.base,
          callers: callers as Callers,
          orgId,
          dueBefore: addDays(localDate(Date.now()), 30),
          connections: QUERY_CLIENTS,
          requests: Number(values['query-requests']),
          log: (line) => log(`at ${share}: ${line}`),
        }),
      });
      await since();
    };
    const { seeded, result: registration } = await measureRegistration(admin, plan, mongo, {
      concurrency,
      maxPending: Number(values['max-pending']),
      cpuSeconds: () => stack.cpuSeconds(),
      log,
      pauses: shares(values['queries-at']),
      beforeDocuments: async (registry) => {
        callers = await signInCallers(admin, plan, registry);
        orgId = registry.orgIds.get(region) as string;
        await since();
      },
      atPause: queriesAt,
    });
    log(`registration: ${registration.rate.toFixed(1)} assignments/s`);
    await queriesAt(1);
    const queries = growth.at(-1)?.results ?? [];
    const lifecycle = await measureLifecycle(admin, plan, seeded, {
      fraction: lifecycleFraction,
      concurrency: lifecycleConcurrency,
      log,
      // After signing in: from the first action to the last.
      started: () => since().then(() => undefined),
    });
    const [acting, cpuActing] = await since();
    log(`lifecycle: ${lifecycle.rate.toFixed(1)} assignments/s`);
    const peakRss = stack.peakRss();
    const data = await sizes(mongo);
    const cpuBaseline = new Map<string, Tally>();
    const baseline = await measureBaseline({
      address: stack.temporalAddress,
      starts: registration.assignments,
      startConcurrency: concurrency * STARTS_PER_DOCUMENT,
      lifecycles: lifecycle.assignments,
      lifecycleConcurrency,
      log,
      ended: async (phase) => void cpuBaseline.set(phase, await cpu.since()),
    });
    const md = await writeReport({
      command: [
        'npm run bench',
        // An empty value (`--queries-at ""`) shown as typed.
        ...(process.argv.length > 2
          ? ['--', ...process.argv.slice(2).map((a) => (a === '' ? '""' : a))]
          : []),
      ].join(' '),
      fraction,
      lifecycleFraction,
      counts: {
        organizations: plan.orgs.length,
        users: plan.users.length,
        documents: registration.documents,
        assignments: registration.assignments,
      },
      concurrency: {
        documents: concurrency,
        lifecycle: lifecycleConcurrency,
        queries: QUERY_CLIENTS,
      },
      registration,
      lifecycle,
      queries,
      growth,
      storeCommands: { registering, acting },
      cpu: {
        registering: cpuRegistering,
        acting: cpuActing,
        noopStarts: cpuBaseline.get('starts') ?? new Map(),
        noopLifecycle: cpuBaseline.get('lifecycle') ?? new Map(),
      },
      peakRss,
      data,
      baseline,
    });
    console.log(`\n${md}\nWritten to docs/benchmarks.md`);
  }
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
