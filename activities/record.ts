import { log } from '@temporalio/activity';
import { appendAudit } from '../lib/audit';
import { appendChanges } from '../lib/change-log';
import type { ChangeArgs } from '../workflows/types';
import { saveAssignment, type WriteOutcome } from './read-model';

/**
 * Writes one state change: the versioned read-model row, then the audit event on the
 * assignment's chain. Both are idempotent (version, event key), so a retry repeats nothing.
 * A late attempt that finds a newer version stored changes nothing: the newer change was
 * scheduled only after this one's event was written.
 */
export async function recordChange(args: ChangeArgs): Promise<WriteOutcome> {
  const outcome = await saveAssignment(args.view);
  if (outcome === 'stale') {
    log.warn('stale change not written', { id: args.view.id, version: args.view.version });
    return outcome;
  }
  await appendAudit({
    subject: `assignment:${args.view.id}`,
    key: `assignment:${args.view.id}:v${args.view.version}`,
    action: args.action,
    outcome: 'ok',
    actorId: args.actorId,
    ip: args.ip ?? null,
    detail: args.detail,
    after: { status: args.view.status, deadline: args.view.deadline, version: args.view.version },
  });
  // Last: a retry after a failure here finds the row and event written and logs it then.
  await appendChanges([{ kind: 'assignment', id: args.view.id }]);
  return outcome;
}
