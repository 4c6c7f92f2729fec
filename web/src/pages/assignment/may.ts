import type { useMe } from '../../session';
import { useSubtree, type Detail, type Report } from './data';

export type Me = NonNullable<ReturnType<typeof useMe>['data']>;

/** What the signed-in user may do on this assignment; the server still decides each action. */
export interface May {
  me: Me;
  /** Neither closed nor cancelled. */
  open: boolean;
  /** The executor organizations the user acts for here (api/policy.ts `executionOrgs`). */
  mine: string[];
  /** An org head of one of them: passes it down, names the person responsible. */
  head: boolean;
  /** Its controller (for a sub-assignment, the head who passed it down) or an admin. */
  control: boolean;
  inspect: boolean;
  /** The report waits for this user's level of the verification chain. */
  review: (r: Report) => boolean;
}

/** Mirrors api/policy.ts, so the page offers only what the server would allow. */
export function useMay(a: Detail, me: Me): May {
  const has = (role: Me['roles'][number]) => me.roles.includes(role);
  const head = has('org_head');
  const org = head || has('executor') ? me.organizationId : undefined;
  // An org head acts for their organization's whole subtree, an executor for their own.
  const subtree = useSubtree(head ? org : undefined).data?.items;
  const acting = new Set(!org ? [] : head ? (subtree ?? []).map((o) => o.id) : [org]);
  const mine = (a.executions ?? []).map((e) => e.organizationId).filter((o) => acting.has(o));
  const reviewer = has('controller') || (!!a.parentId && head);
  return {
    me,
    open: a.status !== 'closed' && a.status !== 'cancelled',
    mine,
    head: head && mine.length > 0,
    control: has('admin') || (a.controllerId === me.id && (has('controller') || !!a.parentId)),
    inspect: has('inspector'),
    review: (r) =>
      reviewer && r.status === 'under_review' && a.verificationChain?.[r.level] === me.id,
  };
}
