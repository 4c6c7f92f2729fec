import { trusted } from 'mongoose';
import { storeGuardsVersions } from '../lib/mongo';
import { AssignmentModel } from '../models/assignment';
import type { AssignmentView } from '../workflows/types';

const DUPLICATE_KEY = 11000;

/** Whether the row holds this write's version now, or a newer one (the write changed nothing). */
export type WriteOutcome = 'written' | 'stale';

/**
 * Writes the assignment's row unless a newer version is stored: a late write changes nothing
 * and says so; a retry of a write that was made finds it made. The condition is atomic with
 * the write. On MongoDB it is the filter (`version < this one`, served by the `_id` index). The
 * embedded FerretDB reads the whole collection for any filter but a lone `_id` and has no
 * atomic conditional update; there the row is written by `_id` and the store itself refuses an
 * older version (the launcher's `-version-guard`, tools/ferretdb/schema.go).
 */
export async function saveAssignment(view: AssignmentView): Promise<WriteOutcome> {
  const { id, ...fields } = view;
  const stored = await AssignmentModel.findById(id, { version: 1 }).lean();
  if (stored && stored.version > view.version) return 'stale';
  if (stored?.version === view.version) return 'written';
  if (stored) {
    const guarded = await storeGuardsVersions();
    const filter = guarded ? { _id: id } : { _id: id, version: trusted({ $lt: view.version }) };
    await AssignmentModel.updateOne(filter, { $set: fields });
  } else {
    try {
      await AssignmentModel.create({ _id: id, ...fields });
      return 'written';
    } catch (err) {
      if ((err as { code?: number }).code !== DUPLICATE_KEY) throw err;
      // Written meanwhile by another attempt of a change: go round once more.
      return saveAssignment(view);
    }
  }
  const after = await AssignmentModel.findById(id, { version: 1 }).lean();
  return after?.version === view.version ? 'written' : 'stale';
}
