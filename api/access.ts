import type { Request } from 'express';
import { appendAudit, type AuditInput } from '../lib/audit';
import { principal } from './auth';
import { HttpError } from './errors';
import { Policy, type Action, type Target } from './policy';
import { currentViews } from './views';

const policies = new WeakMap<Request, Promise<Policy>>();

/** The caller's policy, worked out once per request. */
export function policyOf(req: Request): Promise<Policy> {
  let policy = policies.get(req);
  if (!policy) {
    const user = principal(req);
    policy = currentViews(req).then((views) => Policy.of(user, views.orgs));
    policies.set(req, policy);
  }
  return policy;
}

/**
 * Refuses unless the policy allows the action. `hide` answers 404 instead of 403 where even
 * the object's existence is not the caller's to know. Either way the refusal is audited on
 * the object's chain (by the problem handler).
 */
export async function authorize(
  req: Request,
  action: Action,
  target: Target,
  refusal: { subject: string; message: string; hide?: boolean },
): Promise<void> {
  if ((await policyOf(req)).can(action, target)) return;
  throw new HttpError(refusal.hide ? 404 : 403, refusal.message, undefined, refusal.subject);
}

/** Writes an audit event with the caller and their address. */
export function audit(
  req: Request,
  event: Omit<AuditInput, 'actorId' | 'ip'> & { actorId?: string | null },
): Promise<void> {
  return appendAudit({ actorId: req.user?.id ?? null, ip: req.ip ?? null, ...event });
}
