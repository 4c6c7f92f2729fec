import autocannon from 'autocannon';
import { rate, summarize, type Summary } from './stats';

export interface QueryResult extends Summary {
  caller: string;
  name: string;
  path: string;
  rps: number;
  failed: number;
}

/** The queries run once a share of the assignments was registered. */
export interface QueryRun {
  share: number;
  /** Read-model rows when they ran. */
  assignments: number;
  results: QueryResult[];
}

/** Each list and dashboard query, as each caller asks it. */
function queriesOf(orgId: string, dueBefore: string): [name: string, path: string][] {
  return [
    ['assignments, first page', '/assignments'],
    ['status=in_execution', '/assignments?status=in_execution'],
    ['overdue=true', '/assignments?overdue=true'],
    ['orgId (a region)', `/assignments?orgId=${orgId}`],
    [`dueBefore=${dueBefore}`, `/assignments?dueBefore=${dueBefore}`],
    ['q=monitoring', '/assignments?q=monitoring'],
    ['page 20', '/assignments?page=20'],
    ['stats/overview', '/stats/overview'],
    // The rating table (issue #15): every organization the caller reads for, a year's figures.
    ['stats/organizations', '/stats/organizations?from=2026-01&to=2026-12'],
    // The public list: the same for every caller, who is not even asked to sign in.
    ['public/assignments', '/public/assignments'],
    ['notifications', '/notifications'],
    ['documents', '/documents'],
  ];
}

/**
 * (c) List and dashboard reads, each with its total, as each caller (one of each reach) asks
 * them: `requests` of each query from `connections` concurrent clients. A fixed number rather
 * than a duration, so no query leaves unanswered requests behind to slow down the next one.
 * autocannon reports no p95, so every response time is kept and summarized here.
 */
export async function measureQueries(opts: {
  base: string;
  callers: Map<string, { token?: string }>;
  orgId: string;
  dueBefore: string;
  connections: number;
  requests: number;
  log: (line: string) => void;
}): Promise<QueryResult[]> {
  const out: QueryResult[] = [];
  for (const [caller, { token }] of opts.callers)
    for (const [name, path] of queriesOf(opts.orgId, opts.dueBefore))
      out.push(await measureOne({ ...opts, caller, token: token as string, name, path }));
  return out;
}

async function measureOne(opts: {
  base: string;
  caller: string;
  token: string;
  name: string;
  path: string;
  connections: number;
  requests: number;
  log: (line: string) => void;
}): Promise<QueryResult> {
  const { name, path } = opts;
  const ms: number[] = [];
  const from = performance.now();
  const run = autocannon({
    url: `${opts.base}/api/v1${path}`,
    connections: opts.connections,
    amount: opts.requests,
    // Queued behind 19 others on a slow store, an answer may take minutes; it still counts.
    timeout: 900,
    headers: { authorization: `Bearer ${opts.token}` },
  });
  run.on('response', (_client, status, _bytes, time) => {
    if (status === 200) ms.push(time);
  });
  const result = await run;
  const summary = summarize(ms);
  opts.log(
    `query ${opts.caller}: ${name}: p50 ${summary.p50.toFixed(1)} ms, p95 ${summary.p95.toFixed(1)} ms`,
  );
  return {
    caller: opts.caller,
    name,
    path,
    ...summary,
    rps: rate(ms.length, (performance.now() - from) / 1000),
    failed: result.errors + result.timeouts + result.non2xx,
  };
}
