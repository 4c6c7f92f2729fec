import { Counter } from 'prom-client';
import type { OutboxMetrics } from '../activities/notify';
import { processRegistry } from '../lib/metrics';

/**
 * The worker's figures for Prometheus: the outbox (rows written, mails sent and failed; the
 * backlog is written − sent) and the process itself. Temporal's own worker
 * figures (task slots, latencies, polls) come from the SDK on a port of their own.
 */
export function workerMetrics() {
  const registry = processRegistry();
  const counter = (name: string, help: string) =>
    new Counter({ name, help, registers: [registry] });
  const written = counter('ijro_outbox_rows_written_total', 'Notification rows written');
  const sent = counter('ijro_mail_sent_total', 'Mails handed to the relay or the dev mailbox');
  const failed = counter('ijro_mail_failed_total', 'Mails the relay refused (retried by Temporal)');
  const outbox: OutboxMetrics = {
    written: (rows) => written.inc(rows),
    sent: () => sent.inc(),
    failed: () => failed.inc(),
  };
  return { registry, outbox };
}
