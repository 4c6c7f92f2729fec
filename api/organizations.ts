import { Types, trusted } from 'mongoose';
import { z } from 'zod';
import { appendChanges } from '../lib/change-log';
import { Organization, ORG_TYPES } from '../models/organization';
import { User } from '../models/user';
import { ImportErrors, parseImport } from './csv';
import { HttpError } from './errors';
import { objectId, type organizationInputSchema, type organizationPatchSchema } from './schemas';

type OrgInput = z.infer<typeof organizationInputSchema>;
type OrgPatch = z.infer<typeof organizationPatchSchema>;

async function ancestorsUnder(parentId: string | null | undefined): Promise<string[]> {
  if (!parentId) return [];
  const parent = await Organization.findById(parentId).lean();
  if (!parent) throw new HttpError(422, `The parent organization ${parentId} does not exist.`);
  return [...parent.ancestors, String(parent._id)];
}

/** The head and the officer must be active users of that very organization. */
async function assertMembers(
  orgId: string,
  named: { headUserId?: string | null; officerUserId?: string | null },
): Promise<void> {
  for (const [path, who] of [
    ['headUserId', 'head'],
    ['officerUserId', 'officer'],
  ] as const) {
    const id = named[path];
    if (id && !(await User.exists({ _id: id, organizationId: orgId, active: true })))
      throw new HttpError(422, `The ${who} must be an active user of this organization.`, [
        { path, message: 'not an active user of this organization' },
      ]);
  }
}

export async function createOrganization(input: OrgInput) {
  const id = new Types.ObjectId().toHexString();
  await assertMembers(id, input);
  const ancestors = await ancestorsUnder(input.parentId);
  const org = await Organization.create({
    ...input,
    _id: id,
    parentId: input.parentId ?? null,
    ancestors,
  });
  await logged([id]);
  return org;
}

/** Tells every API process's organization tree that these organizations changed. */
const logged = (ids: string[]) =>
  appendChanges(ids.map((id) => ({ kind: 'organization' as const, id })));

/**
 * Changes an organization. Moving it under another parent carries its whole subtree along;
 * a move under itself or one of its descendants would make a cycle and is refused.
 */
export async function patchOrganization(id: string, patch: OrgPatch) {
  const org = await Organization.findById(id);
  if (!org) throw new HttpError(404, 'No such organization.');
  await assertMembers(id, patch);
  const { parentId, ...fields } = patch;
  org.set(fields);
  if (parentId !== undefined && parentId !== org.parentId) {
    if (parentId === id) throw new HttpError(422, 'An organization cannot be its own parent.');
    const ancestors = await ancestorsUnder(parentId);
    if (ancestors.includes(id)) {
      throw new HttpError(
        422,
        'The new parent is inside this organization’s own subtree; the move would make a cycle.',
      );
    }
    const descendants = await Organization.find({ ancestors: id }, { ancestors: 1 }).lean();
    org.set({ parentId, ancestors });
    await org.save();
    if (descendants.length > 0) {
      await Organization.bulkWrite(
        descendants.map((d) => ({
          updateOne: {
            filter: { _id: d._id },
            update: {
              $set: {
                ancestors: [...ancestors, id, ...d.ancestors.slice(d.ancestors.indexOf(id) + 1)],
              },
            },
          },
        })),
      );
    }
    await logged([id, ...descendants.map((d) => String(d._id))]);
    return org;
  }
  await org.save();
  await logged([id]);
  return org;
}

const csvRow = z.object({
  key: z.string().max(100).optional(),
  name: z.string().min(1).max(300),
  type: z.enum(ORG_TYPES),
  parentId: z.string().max(100).optional(),
  nameCyrl: z.string().max(300).optional(),
  nameRu: z.string().max(300).optional(),
  email: z.email().max(254).optional(),
});

/**
 * Imports organizations from CSV, all or nothing. `parentId` is an existing organization's
 * id or the `key` of another row of the same file, so a whole tree comes in one file.
 */
export async function importOrganizations(text: string) {
  const errors = new ImportErrors();
  const rows = parseImport(
    text,
    { required: ['name', 'type'], optional: ['key', 'parentId', 'nameCyrl', 'nameRu', 'email'] },
    csvRow,
    errors,
  );
  const byKey = new Map<string, (typeof rows)[number]>();
  for (const row of rows) {
    const key = row.value.key;
    if (!key) continue;
    if (byKey.has(key)) errors.add(row.line, 'key', `key "${key}" is used on an earlier line`);
    else byKey.set(key, row);
  }
  const existingRefs = rows
    .map((r) => r.value.parentId)
    .filter((p): p is string => !!p && !byKey.has(p) && objectId.safeParse(p).success);
  const existing = new Map(
    (await Organization.find({ _id: trusted({ $in: [...new Set(existingRefs)] }) }).lean()).map(
      (o) => [String(o._id), o.ancestors],
    ),
  );
  type Row = (typeof rows)[number];
  const ids = new Map(rows.map((r) => [r, new Types.ObjectId().toHexString()]));
  // A row's ancestors: up through the file by key, then the existing tree. Null when the row
  // (or an ancestor row, which then carries the error) cannot be placed.
  const ancestorsOf = (row: Row): string[] | null => {
    const inFile: Row[] = [];
    let ref = row.value.parentId;
    for (
      let parent = ref ? byKey.get(ref) : undefined;
      parent;
      parent = ref ? byKey.get(ref) : undefined
    ) {
      if (parent === row || inFile.includes(parent)) {
        errors.add(
          row.line,
          'parentId',
          'its chain of parents in this file goes round in a circle',
        );
        return null;
      }
      inFile.push(parent);
      ref = parent.value.parentId;
    }
    const above = ref ? existing.get(ref) : [];
    if (!above) {
      if (ref === row.value.parentId)
        errors.add(
          row.line,
          'parentId',
          `"${ref}" is neither an organization id nor a key in this file`,
        );
      return null;
    }
    return [...above, ...(ref ? [ref] : []), ...inFile.reverse().map((r) => ids.get(r) as string)];
  };
  const placed = new Map(rows.map((row) => [row, ancestorsOf(row)]));
  errors.throwIfAny('organizations');

  const docs = rows.map((row) => {
    const v = row.value;
    const ancestors = placed.get(row) as string[];
    return {
      _id: ids.get(row),
      name: v.name,
      names: { uzCyrl: v.nameCyrl, ru: v.nameRu },
      type: v.type,
      parentId: ancestors.at(-1) ?? null,
      ancestors,
      email: v.email,
    };
  });
  await insertAllOrNothing(Organization, docs);
  await logged(docs.map((d) => d._id as string));
  return { imported: docs.length, ids: docs.map((d) => d._id as string) };
}

/** Inserts every document or, when one fails, removes the ones already in. */
export async function insertAllOrNothing(
  model: {
    insertMany: (docs: object[], o: object) => Promise<unknown>;
    deleteMany: (f: object) => Promise<unknown>;
  },
  docs: { _id?: unknown }[],
): Promise<void> {
  try {
    await model.insertMany(docs, { ordered: true });
  } catch (err) {
    await model.deleteMany({ _id: trusted({ $in: docs.map((d) => d._id) }) });
    if ((err as { code?: number }).code === 11000)
      throw new HttpError(
        409,
        'Nothing was imported: a row collides with a record added meanwhile; try again.',
      );
    throw err;
  }
}
