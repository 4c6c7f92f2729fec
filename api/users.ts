import { Types, trusted } from 'mongoose';
import { z } from 'zod';
import { appendChanges } from '../lib/change-log';
import { Organization } from '../models/organization';
import { LOCALES, ROLES, User, type Role } from '../models/user';
import { ImportErrors, parseImport } from './csv';
import { HttpError } from './errors';
import { insertAllOrNothing } from './organizations';
import { hashPassword } from './passwords';
import { type userInputSchema, type userPatchSchema } from './schemas';

type UserInput = z.infer<typeof userInputSchema>;
type UserPatch = z.infer<typeof userPatchSchema>;

/** Executors and org heads act for an organization, so they must belong to one. */
const NEEDS_ORG: Role[] = ['executor', 'org_head'];
const needsOrg = (roles: readonly Role[]) => roles.some((r) => NEEDS_ORG.includes(r));

async function assertOrg(organizationId: string | null | undefined, roles: readonly Role[]) {
  if (!organizationId) {
    if (needsOrg(roles))
      throw new HttpError(422, 'Executors and org heads need an organization.', [
        { path: 'organizationId', message: 'required for the roles executor and org_head' },
      ]);
    return;
  }
  if (!(await Organization.exists({ _id: organizationId }))) {
    throw new HttpError(422, `The organization ${organizationId} does not exist.`, [
      { path: 'organizationId', message: 'no such organization' },
    ]);
  }
}

async function assertFreeEmail(email: string, exceptId?: string) {
  const taken = await User.findOne({ email }, { _id: 1 }).lean();
  if (taken && String(taken._id) !== exceptId)
    throw new HttpError(409, `A user with the email ${email} already exists.`);
}

export async function createUser(input: UserInput) {
  await assertOrg(input.organizationId, input.roles);
  await assertFreeEmail(input.email);
  const { password, ...fields } = input;
  try {
    const user = await User.create({
      ...fields,
      passwordHash: await hashPassword(password),
      passwordChangeDue: true,
    });
    await usersChanged([String(user._id)]);
    return user;
  } catch (err) {
    if ((err as { code?: number }).code === 11000)
      throw new HttpError(409, `A user with the email ${input.email} already exists.`);
    throw err;
  }
}

/**
 * Changes a user. Disabling them, changing their roles, organization or password ends every
 * token they hold (their token version moves on).
 */
export async function patchUser(id: string, patch: UserPatch) {
  const user = await User.findById(id);
  if (!user) throw new HttpError(404, 'No such user.');
  const roles = (patch.roles ?? user.roles) as Role[];
  const organizationId =
    patch.organizationId !== undefined ? patch.organizationId : user.organizationId;
  await assertOrg(organizationId, roles);
  if (patch.email) await assertFreeEmail(patch.email, id);
  const staysAdmin = roles.includes('admin') && (patch.active ?? user.active);
  if (user.roles.includes('admin') && user.active && !staysAdmin) {
    const others = await User.countDocuments({
      _id: trusted({ $ne: id }),
      roles: 'admin',
      active: true,
    });
    if (others === 0)
      throw new HttpError(409, 'This is the last active admin; make another admin first.');
  }
  const { password, ...fields } = patch;
  const sameRoles =
    !patch.roles || [...patch.roles].sort().join() === [...user.roles].sort().join();
  const revokes =
    !sameRoles ||
    patch.active === false ||
    password !== undefined ||
    // The token names the account by id, but whoever holds the old address must not stay in.
    (patch.email !== undefined && patch.email !== user.email) ||
    (patch.organizationId !== undefined && patch.organizationId !== user.organizationId);
  user.set(fields);
  if (password !== undefined)
    user.set({ passwordHash: await hashPassword(password), passwordChangeDue: true });
  if (revokes) user.set({ tokenVersion: user.tokenVersion + 1 });
  await user.save();
  await usersChanged([id]);
  return user;
}

/** Tells the worker's recipient directory (activities/directory.ts) that these users changed. */
export const usersChanged = (ids: string[]) =>
  appendChanges(ids.map((id) => ({ kind: 'user' as const, id })));

const csvRow = z.object({
  fullName: z.string().min(1).max(300),
  email: z.string().toLowerCase().pipe(z.email().max(254)),
  organizationId: z
    .string()
    .regex(/^[a-f0-9]{24}$/, 'must be a 24-character hex id')
    .optional(),
  roles: z
    .string()
    .transform((s) => s.split('|').map((r) => r.trim()))
    .pipe(z.array(z.enum(ROLES)).min(1)),
  locale: z.enum(LOCALES).default('uz-Latn'),
});

/**
 * Imports users from CSV, all or nothing. Imported users have no password yet: they cannot
 * sign in until an admin sets one (PATCH /users/:id).
 */
export async function importUsers(text: string) {
  const errors = new ImportErrors();
  const rows = parseImport(
    text,
    { required: ['fullName', 'email', 'roles'], optional: ['organizationId', 'locale'] },
    csvRow,
    errors,
  );
  const seen = new Map<string, number>();
  for (const { line, value } of rows) {
    const first = seen.get(value.email);
    if (first) errors.add(line, 'email', `${value.email} is also on line ${first}`);
    else seen.set(value.email, line);
    if (!value.organizationId && needsOrg(value.roles))
      errors.add(line, 'organizationId', 'required for the roles executor and org_head');
  }
  const orgIds = [...new Set(rows.flatMap((r) => r.value.organizationId ?? []))];
  const [orgs, taken] = await Promise.all([
    Organization.find({ _id: trusted({ $in: orgIds }) }, { _id: 1 }).lean(),
    User.find({ email: trusted({ $in: [...seen.keys()] }) }, { email: 1 }).lean(),
  ]);
  const knownOrgs = new Set(orgs.map((o) => String(o._id)));
  const takenEmails = new Set(taken.map((u) => u.email));
  for (const { line, value } of rows) {
    if (value.organizationId && !knownOrgs.has(value.organizationId))
      errors.add(line, 'organizationId', `no organization ${value.organizationId}`);
    if (takenEmails.has(value.email))
      errors.add(line, 'email', `a user with ${value.email} already exists`);
  }
  errors.throwIfAny('users');
  const docs = rows.map(({ value }) => ({ _id: new Types.ObjectId(), ...value }));
  await insertAllOrNothing(User, docs);
  await usersChanged(docs.map((d) => d._id.toHexString()));
  return { imported: docs.length, ids: docs.map((d) => d._id.toHexString()) };
}
