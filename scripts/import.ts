import fs from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { parseArgs } from 'node:util';

const USAGE = `Registers a document and its assignments from a file through a running Ijro.

  npm run import -- --file document.xlsx|document.json [--url http://localhost:3000]
                    [--email admin@ijro.local] [--password …]

The password comes from --password or ADMIN_PASSWORD; the user must be a controller or an
admin. The file layout is in README.md (Bulk import). A file with any bad row registers
nothing: every bad row is printed and the exit status is 1.`;

const XLSX_MIME = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const POLL_MS = 1_000;

interface Answer {
  status: number;
  body: Record<string, unknown>;
}

interface RowError {
  row?: number;
  path?: string;
  message: string;
}

async function call(
  base: string,
  method: string,
  route: string,
  opts: { token?: string; body?: string | Buffer; type?: string } = {},
): Promise<Answer> {
  const res = await fetch(`${base}/api/v1${route}`, {
    method,
    headers: {
      ...(opts.token ? { authorization: `Bearer ${opts.token}` } : {}),
      ...(opts.type ? { 'content-type': opts.type } : {}),
    },
    ...(opts.body !== undefined ? { body: opts.body } : {}),
  });
  const text = await res.text();
  let body: Record<string, unknown>;
  try {
    body = text ? (JSON.parse(text) as Record<string, unknown>) : {};
  } catch {
    body = { detail: text };
  }
  return { status: res.status, body };
}

/** Each problem on its own line, by row where it has one. */
function printErrors(errors: unknown): void {
  for (const e of (errors ?? []) as RowError[]) {
    console.error(`  ${e.row === undefined ? 'file' : `row ${e.row}`}: ${e.message}`);
  }
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      file: { type: 'string' },
      url: { type: 'string', default: `http://localhost:${process.env.PORT ?? '3000'}` },
      email: { type: 'string', default: process.env.ADMIN_EMAIL ?? 'admin@ijro.local' },
      password: { type: 'string', default: process.env.ADMIN_PASSWORD },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help || !values.file || !values.password) {
    console.log(USAGE);
    return values.help ? 0 : 2;
  }
  const login = await call(values.url, 'POST', '/auth/login', {
    type: 'application/json',
    body: JSON.stringify({ email: values.email, password: values.password }),
  });
  if (login.status !== 200) throw new Error(`Sign-in failed: ${String(login.body.detail)}`);
  const token = String(login.body.token);

  const xlsx = path.extname(values.file).toLowerCase() === '.xlsx';
  const posted = await call(values.url, 'POST', '/documents/import', {
    token,
    type: xlsx ? XLSX_MIME : 'application/json',
    body: fs.readFileSync(values.file),
  });
  if (posted.status !== 202) {
    console.error(`Refused (${posted.status}): ${String(posted.body.detail)}`);
    printErrors(posted.body.errors);
    return 1;
  }
  const jobId = String(posted.body.jobId);
  console.log(`Import job ${jobId} started.`);

  let shown = '';
  for (;;) {
    const { status, body: job } = await call(values.url, 'GET', `/jobs/${jobId}`, { token });
    if (status !== 200) throw new Error(`GET /jobs/${jobId} → ${status}: ${String(job.detail)}`);
    const progress = `${String(job.processed)}/${String(job.total)}`;
    if (progress !== shown) console.log(`  ${progress}`);
    shown = progress;
    if (job.status === 'done') {
      console.log(`Done: document ${String(job.documentId)}, ${String(job.total)} assignments.`);
      return 0;
    }
    if (job.status === 'failed') {
      console.error('The import failed:');
      printErrors(job.errors);
      return 1;
    }
    await sleep(POLL_MS);
  }
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  },
);
