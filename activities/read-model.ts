import { AssignmentModel } from '../models/assignment';
import type { AssignmentView } from '../workflows/types';

const DUPLICATE_KEY = 11000;

/**
 * Writes the assignment's row unless a newer version is already stored. Safe to retry and
 * to run out of order. Every step looks the row up by `_id` alone: the embedded FerretDB
 * (SQLite) uses an index for nothing else, and a filter with `version` in it would read the
 * whole collection. The workflow writes one version at a time, so the read and the write
 * below do not race with another write of the same row.
 */
export async function saveAssignment(view: AssignmentView): Promise<void> {
  const { id, ...fields } = view;
  const stored = await AssignmentModel.findById(id, { version: 1 }).lean();
  if (stored && stored.version >= view.version) return;
  if (stored) {
    await AssignmentModel.updateOne({ _id: id }, { $set: fields });
    return;
  }
  try {
    await AssignmentModel.create({ _id: id, ...fields });
  } catch (err) {
    if ((err as { code?: number }).code !== DUPLICATE_KEY) throw err;
    // Written meanwhile by an earlier attempt of the same change: go round once more.
    await saveAssignment(view);
  }
}
