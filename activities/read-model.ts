import { trusted } from 'mongoose';
import { AssignmentModel } from '../models/assignment';
import type { AssignmentView } from '../workflows/types';

const DUPLICATE_KEY = 11000;

/**
 * Writes the assignment's row unless a newer version is already stored: the filter matches
 * only an older row, and when a newer one exists the upsert's insert hits the unique `_id`
 * and is dropped. Safe to retry and to run out of order.
 */
export async function saveAssignment(view: AssignmentView): Promise<void> {
  const { id, ...fields } = view;
  try {
    await AssignmentModel.updateOne(
      // `trusted`: this operator is ours, not user input, so the global sanitizeFilter keeps it.
      { _id: id, version: trusted({ $lt: view.version }) },
      { $set: fields },
      { upsert: true },
    );
  } catch (err) {
    if ((err as { code?: number }).code !== DUPLICATE_KEY) throw err;
  }
}
