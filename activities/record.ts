import { appendAudit } from '../lib/audit';
import type { ChangeArgs } from '../workflows/types';
import { saveAssignment } from './read-model';

/**
 * Writes one state change: the versioned read-model row, then the audit event on the
 * assignment's chain. Both are idempotent (version, event key), so a retry repeats nothing.
 */
export async function recordChange(args: ChangeArgs): Promise<void> {
  await saveAssignment(args.view);
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
}
