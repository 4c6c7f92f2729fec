import type { QueryFilter } from 'mongoose';
import type { AssignmentRow } from '../models/assignment';
import type { Role } from '../models/user';
import type { Principal } from './auth';

// Roles whose work spans every organization (SPEC §2).
const WIDE: Role[] = ['admin', 'controller', 'observer', 'inspector'];

const isWide = (user: Principal) => user.roles.some((r) => WIDE.includes(r));

/** The assignments a user may see, as a MongoDB filter applied to every list query. */
export function assignmentScope(user: Principal): QueryFilter<AssignmentRow> {
  if (isWide(user)) return {};
  if (!user.organizationId) return { _id: '__none__' };
  return { $or: [{ leadOrgId: user.organizationId }, { coOrgIds: user.organizationId }] };
}

export function maySeeAssignment(
  user: Principal,
  row: Pick<AssignmentRow, 'leadOrgId' | 'coOrgIds'>,
): boolean {
  if (isWide(user)) return true;
  const org = user.organizationId;
  return org !== undefined && (row.leadOrgId === org || row.coOrgIds.includes(org));
}

/** Cancelling is the controlling body's: the assignment's own controller, or an admin. */
export function mayCancel(user: Principal, row: Pick<AssignmentRow, 'controllerId'>): boolean {
  return (
    user.roles.includes('admin') ||
    (user.roles.includes('controller') && row.controllerId === user.id)
  );
}
