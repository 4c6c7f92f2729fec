import { z } from 'zod';
import { verifyChain } from '../../lib/audit';
import { AuditEvent } from '../../models/audit';
import { listPage } from '../list';
import type { Api } from '../route';
import { auditEventSchema, chainVerdictSchema, listOf, pageQuery } from '../schemas';

const subject = z
  .string()
  .regex(/^[a-z]+:[^\s]{1,300}$/, 'must look like assignment:<id>, user:<id>, organization:<id>')
  .meta({ description: 'The chain, e.g. user:<id> or organization:<id>' });

// Any chain may be read and verified by admins and observers; an assignment's own chain is
// also open to those who see the assignment (GET /assignments/:id/history).
export function auditRoutes(api: Api): void {
  api.route(
    {
      method: 'get',
      path: '/audit',
      summary: 'Events of one audit chain, oldest first',
      tag: 'audit',
      action: 'audit.read',
      query: z.strictObject({ ...pageQuery, subject }),
      response: listOf(auditEventSchema),
    },
    async ({ query: q }) => {
      return listPage(AuditEvent, { subject: q.subject }, { seq: 1 }, q);
    },
  );

  api.route(
    {
      method: 'get',
      path: '/audit/verify',
      summary: 'Verify one audit chain: says the first event that does not verify, and why',
      tag: 'audit',
      action: 'audit.read',
      query: z.strictObject({ subject }),
      response: chainVerdictSchema,
    },
    async ({ query: q }) => verifyChain(q.subject),
  );
}
