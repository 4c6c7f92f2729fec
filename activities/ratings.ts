import { appendChanges } from '../lib/change-log';
import { band, ratingFacts, RATING_FIELDS_READ, score, type RatingFormula } from '../lib/rating';
import { AssignmentModel } from '../models/assignment';
import { RatingSnapshot } from '../models/rating-snapshot';
import { Tally } from '../api/views/tally';

/** Asks every API process to check its read views against the read model (ReadViews.reconcile). */
export async function askReconcile(): Promise<void> {
  await appendChanges([{ kind: 'reconcile', id: new Date().toISOString() }]);
}

const projection = Object.fromEntries(RATING_FIELDS_READ.map((f) => [f, 1]));

/**
 * Writes each organization's rating for `month` from the read model as it is now: one read
 * of every assignment, once a month. A retry writes the same snapshots again.
 */
export function createSnapshotRatings(formula: RatingFormula) {
  return async (month: string): Promise<{ month: string; organizations: number }> => {
    const tally = new Tally();
    for await (const doc of AssignmentModel.find({}, projection).lean().cursor())
      for (const fact of ratingFacts(doc as Record<string, unknown>))
        if (fact.month === month) tally.addFact(fact, 1);
    const takenAt = new Date();
    const ops = [...tally.ratings(month, month)].map(([orgId, c]) => {
      const s = score(c, formula);
      const _id = `${month}|${orgId}`;
      const snapshot = { _id, month, orgId, ...c, score: s, band: band(s, formula), takenAt };
      return { replaceOne: { filter: { _id }, replacement: snapshot, upsert: true } };
    });
    for (let i = 0; i < ops.length; i += 500) await RatingSnapshot.bulkWrite(ops.slice(i, i + 500));
    return { month, organizations: ops.length };
  };
}
