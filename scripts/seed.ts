import { parseArgs } from 'node:util';
import { ApiClient } from './seed/api-client';
import { seedDemo } from './seed/demo';

const USAGE = `Loads the demo into a running Ijro (start it first with npm start).

  npm run seed -- [--url http://localhost:3000] [--email admin@ijro.local] [--password …]

The admin's password comes from --password or ADMIN_PASSWORD (it was printed at first start).`;

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      url: { type: 'string', default: `http://localhost:${process.env.PORT ?? '3000'}` },
      email: { type: 'string', default: process.env.ADMIN_EMAIL ?? 'admin@ijro.local' },
      password: { type: 'string', default: process.env.ADMIN_PASSWORD },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help || !values.password) {
    console.log(USAGE);
    process.exit(values.help ? 0 : 2);
  }
  const admin = await new ApiClient(values.url).login(values.email, values.password);
  const result = await seedDemo(admin, (line) => console.log(`  ${line}`));
  console.log(`\nDemo loaded. Sign in at ${values.url} with any of these (password shown once):`);
  console.log(`  password: ${result.password}`);
  for (const u of result.users) console.log(`  ${u.email.padEnd(44)} ${u.roles.join(', ')}`);
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
