import { trusted, type QueryFilter } from 'mongoose';
import type { AssignmentRow } from '../models/assignment';
import type { Role } from '../models/user';
import type { Principal } from './auth';
import type { OrgTree } from './views/organizations';

/** Roles whose reading spans every organization (SPEC §2). */
const WIDE_READERS: Role[] = ['admin', 'controller', 'observer', 'inspector'];

export type Action =
  | 'organization.write'
  | 'user.read'
  | 'user.write'
  | 'document.create'
  | 'assignment.read'
  | 'assignment.execute'
  | 'assignment.review'
  | 'assignment.control'
  | 'assignment.inspect'
  | 'assignment.distribute'
  | 'assignment.delegate'
  | 'audit.read'
  | 'calendar.write'
  | 'views.reconcile';

type AssignmentTarget = Pick<AssignmentRow, 'leadOrgId' | 'coOrgIds' | 'controllerId'> &
  Partial<Pick<AssignmentRow, 'parentId' | 'watcherOrgIds'>>;

const EXECUTING: Role[] = ['executor', 'org_head'];
type UserTarget = { id: string; organizationId?: string | null };
export type Target = { assignment: AssignmentTarget } | { user: UserTarget } | undefined;

/**
 * Answers "may this user do this action on this object" from the user's roles and the
 * organizations they act for: an executor acts for their own organization, an org head for
 * their organization's whole subtree, the controlling and observing roles for all.
 */
export class Policy {
  private constructor(
    readonly user: Principal,
    /** Organizations the user reads for; `all` for the wide roles. */
    readonly reach: 'all' | ReadonlySet<string>,
    /** Organizations the user executes for: their own (executors) or their subtree (org heads). */
    private readonly acting: ReadonlySet<string>,
  ) {}

  static of(user: Principal, orgs: OrgTree): Policy {
    const org = user.organizationId;
    const executes = user.roles.some((r) => EXECUTING.includes(r));
    const head = user.roles.includes('org_head');
    const acting = new Set(!org || !executes ? [] : head ? orgs.subtree(org) : [org]);
    const wide = user.roles.some((r) => WIDE_READERS.includes(r));
    return new Policy(user, wide ? 'all' : acting, acting);
  }

  private has(...roles: Role[]): boolean {
    return this.user.roles.some((r) => roles.includes(r));
  }

  private reaches(orgId: string | null | undefined): boolean {
    return this.reach === 'all' || (!!orgId && this.reach.has(orgId));
  }

  can(action: Action, target?: Target): boolean {
    switch (action) {
      case 'organization.write':
      case 'user.write':
      case 'calendar.write':
      case 'views.reconcile':
        return this.has('admin');
      case 'document.create':
        return this.has('admin', 'controller');
      case 'user.read': {
        if (!target || !('user' in target)) return false;
        return target.user.id === this.user.id || this.reaches(target.user.organizationId);
      }
      case 'assignment.read':
      case 'audit.read': {
        if (!target || !('assignment' in target)) return this.has('admin', 'observer');
        const a = target.assignment;
        return [a.leadOrgId, ...a.coOrgIds, ...(a.watcherOrgIds ?? [])].some((o) =>
          this.reaches(o),
        );
      }
      case 'assignment.execute':
        return (
          !!target && 'assignment' in target && this.executionOrgs(target.assignment).length > 0
        );
      case 'assignment.review': {
        // Which level may review is the workflow's to say; the role is checked here. A
        // sub-assignment is reviewed by the org head who passed it down.
        const sub = !!target && 'assignment' in target && !!target.assignment.parentId;
        return this.has('controller') || (sub && this.has('org_head'));
      }
      case 'assignment.control': {
        // Deciding extensions, removing from control, cancelling: its controller (for a
        // sub-assignment, the org head who passed it down), or an admin.
        if (!target || !('assignment' in target)) return false;
        const a = target.assignment;
        const mine = a.controllerId === this.user.id;
        return this.has('admin') || (mine && (this.has('controller') || !!a.parentId));
      }
      case 'assignment.distribute':
      case 'assignment.delegate':
        // Heads pass down the assignments of the executor organizations they act for, and
        // name who answers for their execution.
        return (
          this.has('org_head') &&
          !!target &&
          'assignment' in target &&
          this.executionOrgs(target.assignment).length > 0
        );
      case 'assignment.inspect':
        return this.has('inspector');
    }
  }

  /**
   * The executor organizations of an assignment this user acts for: their own organization
   * (executors), or any in their subtree (org heads).
   */
  executionOrgs(a: Pick<AssignmentTarget, 'leadOrgId' | 'coOrgIds'>): string[] {
    return [a.leadOrgId, ...a.coOrgIds].filter((o) => this.acting.has(o));
  }

  /** The organizations this user executes for (none for the roles that do not execute). */
  actingOrgs(): string[] {
    return [...this.acting];
  }

  /** The organizations this user reads for; undefined when they read all. */
  scope(): string[] | undefined {
    return this.reach === 'all' ? undefined : [...this.reach];
  }

  /** The assignments this user may see, as a filter every list and count query carries. */
  assignmentFilter(): QueryFilter<AssignmentRow> {
    if (this.reach === 'all') return {};
    const orgs = trusted({ $in: [...this.reach] });
    return { $or: [{ leadOrgId: orgs }, { coOrgIds: orgs }, { watcherOrgIds: orgs }] };
  }

  /** The users this user may see. */
  userFilter(): Record<string, unknown> {
    if (this.reach === 'all') return {};
    return {
      $or: [{ _id: this.user.id }, { organizationId: trusted({ $in: [...this.reach] }) }],
    };
  }
}
