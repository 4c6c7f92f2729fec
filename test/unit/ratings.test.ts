import { AssignmentView } from '../../api/views/assignments';
import { ASSIGNMENT_STATUSES } from '../../models/assignment';
import { band, DEFAULT_FORMULA, score, zeroCounts } from '../../lib/rating';
import { prng } from '../../scripts/seed/scale';
import { bruteRatings } from '../support/ratings';

/**
 * Ratings are counts kept as rows come and go. Whatever order the versions of the rows
 * arrive in (stale ones after newer, some twice), the counts must equal a brute-force
 * recomputation over the latest rows, for any period.
 */
const ORGS = ['o1', 'o2', 'o3', 'o4', 'o5'];
type Doc = Record<string, unknown> & { _id: string; version: number };

function history(seed: number) {
  const random = prng(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)]!;
  const n = (most: number) => Math.floor(random() * (most + 1));
  const pad = (x: number) => String(x).padStart(2, '0');
  const day = () => `202${5 + n(1)}-${pad(1 + n(11))}-${pad(1 + n(27))}`;
  // Times near a month's edge in UTC, where the local (UTC+5) month is the next one.
  const at = () => `${day()}T${pick(['03', '12', '20', '22'])}:00:00Z`;
  const version = (id: string, v: number): Doc => {
    const status = pick(ASSIGNMENT_STATUSES);
    const done = status === 'accepted' || status === 'closed';
    return {
      _id: id,
      version: v,
      documentId: 'd',
      clause: '1',
      text: 't',
      leadOrgId: pick(ORGS),
      coOrgIds: [],
      watcherOrgIds: [],
      controllerId: 'c',
      deadline: day(),
      status,
      overdue: !done && random() < 0.4,
      overdueDays: random() < 0.4 ? 1 + n(20) : 0,
      ...(done && random() < 0.9 ? { [random() < 0.7 ? 'acceptedAt' : 'closedAt']: at() } : {}),
      reports: Array.from({ length: n(2) }, (_, i) => ({
        id: `r${i}`,
        status: 'accepted',
        organizationId: pick(ORGS),
        reviews: Array.from({ length: n(2) }, () => ({
          decision: pick(['accept', 'return']),
          at: at(),
        })),
      })),
      extensionRequests: Array.from({ length: n(2) }, () => ({
        organizationId: pick(ORGS),
        status: pick(['pending', 'approved', 'rejected']),
        decidedAt: at(),
      })),
      violations: Array.from({ length: n(1) }, () => ({ organizationId: pick(ORGS), at: at() })),
    };
  };
  const ids = Array.from({ length: 60 }, (_, i) => `a${i}`);
  const versions = ids.flatMap((id) =>
    Array.from({ length: 1 + n(3) }, (_, v) => version(id, v + 1)),
  );
  // Arrival order: shuffled, and some versions delivered twice.
  const arrivals = [...versions, ...versions.filter(() => random() < 0.2)];
  for (let i = arrivals.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [arrivals[i], arrivals[j]] = [arrivals[j]!, arrivals[i]!];
  }
  const latest = ids.map((id) =>
    versions.filter((d) => d._id === id).reduce((a, b) => (b.version > a.version ? b : a)),
  );
  const period = () => {
    const [a, b] = [day().slice(0, 7), day().slice(0, 7)].sort();
    return { from: a!, to: b! };
  };
  return { arrivals, latest, period };
}

describe('the discipline ratings the read view keeps', () => {
  it.each(Array.from({ length: 25 }, (_, i) => i + 1))(
    'equal a brute-force recount of the latest rows, history %i',
    (seed) => {
      const { arrivals, latest, period } = history(seed);
      const view = new AssignmentView();
      for (const doc of arrivals) view.put(doc);
      for (let k = 0; k < 8; k++) {
        const { from, to } = period();
        const kept = Object.fromEntries(view.tally.ratings(from, to));
        const brute = Object.fromEntries(bruteRatings(latest, from, to));
        expect({ from, to, kept }).toEqual({ from, to, kept: brute });
      }
      // Kept as they came, the counts are what a recount of the rows gives: no drift.
      expect(view.recount()).toEqual([]);
    },
  );

  it('names and corrects drift: a count off by one is recounted from the rows', () => {
    const { arrivals } = history(99);
    const view = new AssignmentView();
    for (const doc of arrivals) view.put(doc);
    const before = Object.fromEntries(view.tally.ratings('2025-01', '2026-12'));
    view.tally.addFact({ orgId: 'o1', month: '2026-03', counts: { returns: 1 } }, 1);
    const drift = view.recount();
    expect(drift).toEqual([
      expect.objectContaining({ key: 'o1|2026-03|rating|returns', now: drift[0]!.was - 1 }),
    ]);
    expect(Object.fromEntries(view.tally.ratings('2025-01', '2026-12'))).toEqual(before);
  });
});

describe('the score', () => {
  const f = DEFAULT_FORMULA;
  it('is the share done on time, late work earning half, less penalties per assignment due', () => {
    // docs/ratings.md's worked example.
    const c = { ...zeroCounts(), due: 10, onTime: 6, late: 2, overdue: 1, overdueDays: 12 };
    const withEvents = { ...c, returns: 2, extensions: 1, violations: 1 };
    // Judged 9; base 100 × (6 + 0.5 × 2) / 9 = 77.78; penalty (12 + 10 + 2 + 10) / 10 = 3.4.
    expect(score(withEvents, f)).toBe(74.4);
    expect(band(74.4, f)).toBe('yellow');
    expect(score(c, f)).toBe(76.6);
    expect(score({ ...zeroCounts(), due: 3, onTime: 3 }, f)).toBe(100);
    expect(band(100, f)).toBe('green');
    expect(band(59.9, f)).toBe('red');
  });

  it('is null with nothing to judge, and never below 0', () => {
    expect(score({ ...zeroCounts(), due: 4 }, f)).toBeNull();
    expect(band(null, f)).toBeNull();
    expect(score({ ...zeroCounts(), due: 1, overdue: 1, overdueDays: 400 }, f)).toBe(0);
    // Penalties without anything judged still count against the full mark.
    expect(score({ ...zeroCounts(), returns: 1 }, f)).toBe(95);
  });
});
