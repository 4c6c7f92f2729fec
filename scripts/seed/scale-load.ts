import { setTimeout as sleep } from 'node:timers/promises';
import { waitUntil } from '../../lib/net';
import type { ApiClient } from './api-client';
import { csvCell } from './demo';
import { forEachLimited } from './pool';
import { Progress } from './progress';
import { SCALE_DOMAIN, type PlanDocument, type ScalePlan } from './scale';

type Log = (line: string) => void;

const ORG_CHUNK = 1000;
const USER_CHUNK = 2000;

const toCsv = (rows: string[][]) => rows.map((r) => r.map(csvCell).join(',')).join('\n');

function chunks<T>(list: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < list.length; i += size) out.push(list.slice(i, i + size));
  return out;
}

/** The scale seed is loaded once per database: its users are the mark. */
export async function assertNoScaleData(admin: ApiClient): Promise<void> {
  const found = await admin.call<{ total: number }>('GET', `/users?q=${SCALE_DOMAIN}&limit=1`);
  if (found.total > 0)
    throw new Error(`This database already has scale data (users @${SCALE_DOMAIN} exist).`);
}

/**
 * Imports the tree in chunks: a parent in an earlier chunk is named by its new id, one in
 * the same chunk by its key (the import resolves keys within a file).
 */
export async function importOrganizations(
  admin: ApiClient,
  plan: ScalePlan,
  log: Log,
): Promise<Map<string, string>> {
  const ids = new Map<string, string>();
  const progress = new Progress('organizations', plan.orgs.length, log, 0);
  for (const chunk of chunks(plan.orgs, ORG_CHUNK)) {
    const rows = chunk.map((o) => [
      o.key,
      o.name,
      o.type,
      o.parent ? (ids.get(o.parent) ?? o.parent) : '',
      o.nameRu ?? '',
    ]);
    const csv = toCsv([['key', 'name', 'type', 'parentId', 'nameRu'], ...rows]);
    const res = await admin.call<{ ids: string[] }>(
      'POST',
      '/organizations/import',
      csv,
      'text/csv',
    );
    chunk.forEach((o, i) => ids.set(o.key, res.ids[i] as string));
    progress.add(chunk.length);
  }
  return ids;
}

/** Imports the users in chunks; they have no password (see `enableSignIn`). */
export async function importUsers(
  admin: ApiClient,
  plan: ScalePlan,
  orgIds: Map<string, string>,
  log: Log,
): Promise<Map<string, string>> {
  const ids = new Map<string, string>();
  const progress = new Progress('users', plan.users.length, log, 0);
  for (const chunk of chunks(plan.users, USER_CHUNK)) {
    const rows = chunk.map((u) => [
      u.fullName,
      u.email,
      orgIds.get(u.org) as string,
      u.roles.join('|'),
      u.locale,
    ]);
    const csv = toCsv([['fullName', 'email', 'organizationId', 'roles', 'locale'], ...rows]);
    const res = await admin.call<{ ids: string[] }>('POST', '/users/import', csv, 'text/csv');
    chunk.forEach((u, i) => ids.set(u.key, res.ids[i] as string));
    progress.add(chunk.length);
  }
  return ids;
}

/** Gives users a password (argon2 on the API, so a few at a time). */
export async function enableSignIn(
  admin: ApiClient,
  userIds: string[],
  password: string,
): Promise<void> {
  await forEachLimited(userIds, 4, async (id) => {
    await admin.call('PATCH', `/users/${id}`, { password });
  });
}

export interface Registered {
  id: string;
  assignmentIds: string[];
}

export interface RegisterOptions {
  /** Documents in flight at once (the API starts each one's workflows 8 at a time). */
  concurrency: number;
  /**
   * Most assignments registered but without their read-model row yet. The dev server's
   * SQLite store times out with around a thousand busy workflows (SPEC §1), so registration
   * waits for the worker rather than piling work onto the server.
   */
  maxPending: number;
  /** Whether an assignment's read-model row exists yet (a lookup by id). */
  hasRow: (assignmentId: string) => Promise<boolean>;
  log: Log;
}

/**
 * Assignments registered whose read-model row has not been seen, oldest first. Rows are
 * looked up by id from the front, stopping at the first still missing: one index probe each
 * on the embedded store, where counting the collection would read all of it.
 */
class Backlog {
  private ids: string[] = [];
  private checking: Promise<number> | undefined;
  constructor(private readonly hasRow: (id: string) => Promise<boolean>) {}

  add(ids: string[]): void {
    this.ids.push(...ids);
  }

  /** How many are still missing, after looking again (one look at a time). */
  refresh(): Promise<number> {
    return (this.checking ??= this.check().finally(() => (this.checking = undefined)));
  }

  private async check(): Promise<number> {
    for (
      let next = this.ids[0];
      next !== undefined && (await this.hasRow(next));
      next = this.ids[0]
    )
      this.ids.shift();
    return this.ids.length;
  }
}

/**
 * POST /documents for every planned document, bounded; answers in plan order. Returns once
 * every assignment's read-model row exists; `answered` is when the last POST answered.
 */
export async function registerDocuments(
  admin: ApiClient,
  plan: ScalePlan,
  orgIds: Map<string, string>,
  userIds: Map<string, string>,
  opts: RegisterOptions,
): Promise<{ documents: Registered[]; answered: number }> {
  const total = plan.documents.reduce((s, d) => s + d.assignments.length, 0);
  const progress = new Progress('assignments', total, opts.log);
  const out: Registered[] = [];
  const backlog = new Backlog(opts.hasRow);
  let docs = 0;
  await forEachLimited(plan.documents, opts.concurrency, async (doc, i) => {
    while ((await backlog.refresh()) > opts.maxPending) await sleep(250);
    const res = await admin.call<{ id: string; assignments: { id: string }[] }>(
      'POST',
      '/documents',
      documentBody(doc, orgIds, userIds),
    );
    out[i] = { id: res.id, assignmentIds: res.assignments.map((a) => a.id) };
    backlog.add(out[i].assignmentIds);
    progress.add(doc.assignments.length, `documents ${++docs}/${plan.documents.length}`);
  });
  const answered = performance.now();
  await waitUntil(
    'every read-model row',
    async () => {
      const missing = await backlog.refresh();
      if (missing > 0) throw new Error(`${missing} still missing`);
    },
    { attempts: 6000, delayMs: 100 },
  );
  return { documents: out, answered };
}

function documentBody(
  doc: PlanDocument,
  orgIds: Map<string, string>,
  userIds: Map<string, string>,
) {
  const org = (key: string) => orgIds.get(key) as string;
  const controllerId = userIds.get(doc.controller) as string;
  return {
    kind: doc.kind,
    number: doc.number,
    title: doc.title,
    signedAt: doc.signedAt,
    assignments: doc.assignments.map((a) => ({
      clause: a.clause,
      text: a.text,
      leadOrgId: org(a.lead),
      coOrgIds: a.co.map(org),
      deadline: a.deadline,
      public: a.public,
      controllerId,
      verificationChain: [controllerId],
    })),
  };
}

export interface Seeded {
  orgIds: Map<string, string>;
  userIds: Map<string, string>;
  documents: Registered[];
  /**
   * performance.now() when the first document was sent, when the last one answered and when
   * every assignment's read-model row existed.
   */
  registration: { from: number; answered: number; to: number };
}

/** Loads a plan's tree and users through the API, on a database without scale data. */
export async function seedRegistry(admin: ApiClient, plan: ScalePlan, log: Log) {
  await assertNoScaleData(admin);
  const orgIds = await importOrganizations(admin, plan, log);
  const userIds = await importUsers(admin, plan, orgIds, log);
  return { orgIds, userIds };
}

/** Loads a plan through the API: the tree, the users, then every document. */
export async function seedScale(
  admin: ApiClient,
  plan: ScalePlan,
  opts: RegisterOptions,
): Promise<Seeded> {
  const { orgIds, userIds } = await seedRegistry(admin, plan, opts.log);
  const from = performance.now();
  const { documents, answered } = await registerDocuments(admin, plan, orgIds, userIds, opts);
  return { orgIds, userIds, documents, registration: { from, answered, to: performance.now() } };
}
