import autocannon from 'autocannon';
import { rate, summarize, type Summary } from './stats';

export interface QueryResult extends Summary {
  name: string;
  path: string;
  rps: number;
  failed: number;
}

/**
 * (c) List and dashboard-style reads over the whole read model: `requests` of each query
 * from `connections` concurrent clients. A fixed number rather than a duration, so no query
 * leaves unanswered requests behind to slow down the next one. autocannon reports no p95,
 * so every response time is kept and summarized here.
 */
export async function measureQueries(opts: {
  base: string;
  token: string;
  orgId: string;
  connections: number;
  requests: number;
  log: (line: string) => void;
}): Promise<QueryResult[]> {
  const queries: [name: string, path: string][] = [
    ['assignments, first page', '/assignments'],
    ['status=in_execution', '/assignments?status=in_execution'],
    ['overdue=true', '/assignments?overdue=true'],
    ['orgId (a region)', `/assignments?orgId=${opts.orgId}`],
    ['q=monitoring', '/assignments?q=monitoring'],
    ['documents', '/documents'],
  ];
  const out: QueryResult[] = [];
  for (const [name, path] of queries) {
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
    out.push({
      name,
      path,
      ...summary,
      rps: rate(ms.length, (performance.now() - from) / 1000),
      failed: result.errors + result.timeouts + result.non2xx,
    });
    opts.log(`query ${name}: p50 ${summary.p50.toFixed(0)} ms, p95 ${summary.p95.toFixed(0)} ms`);
  }
  return out;
}
