import crypto from 'node:crypto';
import { parseArgs } from 'node:util';
import { localDate } from '../workflows/timers';
import { ApiClient } from './seed/api-client';
import { seedDemo } from './seed/demo';
import type { Role } from '../models/user';
import { scalePlan, type Level } from './seed/scale';
import { enableSignIn, seedScale } from './seed/scale-load';

const USAGE = `Loads data into a running Ijro (start it first with npm start).

  npm run seed -- [--url http://localhost:3000] [--email admin@ijro.local] [--password …]
  npm run seed -- --scale 2019 [--fraction 1] [--seed 2019] [--concurrency 4] [--max-pending 500]

Without --scale: the demo. With --scale 2019: ijro.gov.uz's 2019 scale (3,105 organizations,
17,539 users, 3,024 documents with 25,238 assignments), or --fraction of every count.
The admin's password comes from --password or ADMIN_PASSWORD (it was printed at first start).`;

const options = {
  url: { type: 'string', default: `http://localhost:${process.env.PORT ?? '3000'}` },
  email: { type: 'string', default: process.env.ADMIN_EMAIL ?? 'admin@ijro.local' },
  password: { type: 'string', default: process.env.ADMIN_PASSWORD },
  scale: { type: 'string' },
  fraction: { type: 'string', default: '1' },
  seed: { type: 'string', default: '2019' },
  concurrency: { type: 'string', default: '4' },
  'max-pending': { type: 'string', default: '500' },
  help: { type: 'boolean', default: false },
} as const;

type Values = ReturnType<typeof parseArgs<{ options: typeof options }>>['values'];

async function main(): Promise<void> {
  const { values } = parseArgs({ options });
  if (values.help || !values.password || (values.scale && values.scale !== '2019')) {
    console.log(USAGE);
    process.exit(values.help ? 0 : 2);
  }
  const admin = await new ApiClient(values.url).login(values.email, values.password);
  if (values.scale) return scale(admin, values);
  const result = await seedDemo(admin, (line) => console.log(`  ${line}`));
  console.log(`\nDemo loaded. Sign in at ${values.url} with any of these (password shown once):`);
  console.log(`  password: ${result.password}`);
  for (const u of result.users) console.log(`  ${u.email.padEnd(44)} ${u.roles.join(', ')}`);
}

async function scale(admin: ApiClient, values: Values): Promise<void> {
  const fraction = Number(values.fraction);
  const plan = scalePlan({ fraction, seed: Number(values.seed), today: localDate(Date.now()) });
  const log = (line: string) => console.log(`  ${line}`);
  const seeded = await seedScale(admin, plan, {
    concurrency: Number(values.concurrency),
    maxPending: Number(values['max-pending']),
    hasRow: (id) => admin.exists(`/assignments/${id}`),
    log,
  });
  // A handful of known people can sign in; everyone else waits for an admin to set a password.
  const first = (level: Level, role: Role) => {
    const org = plan.orgs.find((o) => o.level === level)?.key;
    return plan.users.find((u) => u.org === org && u.roles.includes(role));
  };
  const known = [
    ...plan.users.filter((u) => ['controller.1', 'inspector.1', 'observer.1'].includes(u.key)),
    first('central', 'org_head'),
    first('central', 'executor'),
    first('district', 'executor'),
  ].flatMap((u) => (u ? [u] : []));
  const password = crypto.randomBytes(9).toString('base64url');
  await enableSignIn(
    admin,
    known.map((u) => seeded.userIds.get(u.key) as string),
    password,
  );
  const assignments = seeded.documents.reduce((s, d) => s + d.assignmentIds.length, 0);
  console.log(
    `\nScale 2019 × ${fraction} loaded: ${plan.orgs.length} organizations, ${plan.users.length} users, ` +
      `${seeded.documents.length} documents, ${assignments} assignments.`,
  );
  console.log(`Sign in at ${values.url} with any of these (password shown once): ${password}`);
  for (const u of known) console.log(`  ${u.email.padEnd(36)} ${u.roles.join(', ')}`);
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
