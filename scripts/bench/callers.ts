import type { ApiClient } from '../seed/api-client';
import type { ScalePlan } from '../seed/scale';
import type { Seeded } from '../seed/scale-load';
import { signIn } from './lifecycle';

/** Whose lists the queries read: one of each reach (SPEC §2). */
export type Callers = Map<string, ApiClient>;

/**
 * An executor of the organization that leads the most assignments, the head of the central
 * body with the largest subtree, a controller and an observer.
 */
export async function signInCallers(
  admin: ApiClient,
  plan: ScalePlan,
  seeded: Pick<Seeded, 'userIds'>,
) {
  const leads = new Map<string, number>();
  for (const d of plan.documents)
    for (const a of d.assignments) leads.set(a.lead, (leads.get(a.lead) ?? 0) + 1);
  const busiest = [...leads].sort((a, b) => b[1] - a[1])[0]?.[0];
  const below = new Map<string, number>();
  const parentOf = new Map(plan.orgs.map((o) => [o.key, o.parent]));
  for (const o of plan.orgs)
    for (let p = o.parent; p; p = parentOf.get(p) ?? null) below.set(p, (below.get(p) ?? 0) + 1);
  const central = plan.orgs
    .filter((o) => o.level === 'central')
    .sort((a, b) => (below.get(b.key) ?? 0) - (below.get(a.key) ?? 0))[0]?.key;
  const first = (keep: (u: ScalePlan['users'][number]) => boolean) =>
    plan.users.find(keep)?.key as string;
  const keys: [string, string][] = [
    ['executor', first((u) => u.org === busiest && u.roles.includes('executor'))],
    ['org head', first((u) => u.org === central && u.roles.includes('org_head'))],
    ['controller', first((u) => u.roles.includes('controller'))],
    ['observer', first((u) => u.roles.includes('observer'))],
  ];
  const clients = await signIn(admin, plan, seeded, new Set(keys.map(([, key]) => key)));
  return new Map(keys.map(([role, key]) => [role, clients.get(key) as ApiClient])) as Callers;
}
