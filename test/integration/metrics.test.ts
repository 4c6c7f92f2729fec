import type { Request, Response } from 'express';
import { createNotify } from '../../activities/notify';
import { metricsGuard } from '../../api/metrics';
import { portOf, serveMetrics } from '../../lib/metrics';
import { workerMetrics } from '../../worker/metrics';
import { useStack } from '../support/stack';

const stack = useStack();

/** The value of one series in a Prometheus text exposition, 0 when absent. */
const valueOf = (text: string, series: string) => {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line ? Number(line.split(' ')[1]) : 0;
};

describe('/metrics', () => {
  it('counts requests by route and status, and actions by kind and outcome', async () => {
    const s = stack();
    const org = await s.addOrg();
    const executor = await s.addUser(['executor'], org);
    const controller = await s.addUser(['controller']);
    const { id } = await s.addAssignment(controller.token, org);
    const before = (await s.call('GET', '/metrics')).body as string;
    const ack = (token: string) =>
      s.call('POST', `/api/v1/assignments/${id}/acknowledge`, { token, body: {} });
    expect((await ack(controller.token)).status).toBe(403);
    expect((await ack(executor.token)).status).toBe(200);
    const res = await s.call('GET', '/metrics');
    expect(res.status).toBe(200);
    expect(res.type).toContain('text/plain');
    const after = res.body as string;
    const series = (outcome: string) =>
      `ijro_actions_total{action="acknowledge",outcome="${outcome}"}`;
    for (const outcome of ['ok', 'refused'])
      expect(valueOf(after, series(outcome)) - valueOf(before, series(outcome))).toBe(1);
    const route = 'route="/assignments/:id/acknowledge",status="200"';
    expect(valueOf(after, `ijro_http_request_duration_seconds_count{method="POST",${route}}`)).toBe(
      1,
    );
    expect(valueOf(after, 'ijro_read_view_rows{view="assignments"}')).toBeGreaterThan(0);
    // The acknowledge read its row (the API) and wrote it (the worker, in this process too).
    const store = (command: string) =>
      `ijro_store_commands_total{command="${command}",collection="assignments"}`;
    for (const command of ['find', 'update'])
      expect(valueOf(after, store(command)) - valueOf(before, store(command))).toBeGreaterThan(0);
    expect(after).toContain('process_resident_memory_bytes');
  });

  it('answers only this machine, or a scraper with METRICS_TOKEN', () => {
    const asked = (remoteAddress: string, authorization?: string) => {
      let status = 200;
      const res = {
        status: (code: number) => ((status = code), res),
        type: () => res,
        send: () => res,
      } as unknown as Response;
      const req = { socket: { remoteAddress }, headers: { authorization } } as Request;
      metricsGuard('s3cret-token')(req, res, () => undefined);
      return status;
    };
    expect(asked('127.0.0.1')).toBe(200);
    expect(asked('10.1.2.3')).toBe(403);
    expect(asked('10.1.2.3', 'Bearer wrong')).toBe(403);
    expect(asked('10.1.2.3', 'Bearer s3cret-token')).toBe(200);
    let passed = false;
    const req = { socket: { remoteAddress: '10.1.2.3' }, headers: {} } as Request;
    const res = { status: () => res, type: () => res, send: () => res } as unknown as Response;
    metricsGuard(undefined)(req, res, () => (passed = true));
    expect(passed).toBe(false);
  });
});

describe('the worker’s metrics', () => {
  it('count rows written, mails sent and mails refused, served on their own port', async () => {
    const s = stack();
    const user = await s.addUser(['observer']);
    const metrics = workerMetrics();
    // The API's port is taken: the worker falls back to a free one.
    const server = await serveMetrics(metrics.registry, Number(new URL(s.base).port));
    try {
      let refuse = true;
      const notify = createNotify(
        {
          send: async () => {
            if (refuse) throw new Error('relay down');
          },
          close: () => undefined,
        },
        { metrics: metrics.outbox },
      );
      const args = {
        key: `metrics-${Date.now()}`,
        to: { userIds: [user.id] },
        template: 'assignment.registered',
        params: { clause: '1', deadline: '2027-01-29', text: 't' },
      };
      await expect(notify(args)).rejects.toThrow('relay down');
      refuse = false;
      await notify(args);
      const text = await (await fetch(`http://127.0.0.1:${portOf(server)}/metrics`)).text();
      expect(valueOf(text, 'ijro_outbox_rows_written_total')).toBe(1);
      expect(valueOf(text, 'ijro_mail_failed_total')).toBe(1);
      expect(valueOf(text, 'ijro_mail_sent_total')).toBe(1);
    } finally {
      server.close();
    }
  });
});
