import { assignmentRowSchema } from '../../api/schemas';
import { ROW_FIELDS } from '../../api/views/assignments';
import { lastMonths } from '../../api/ratings';
import type { AssignmentListRow } from '../../api/views/assignment-entry';
import { Tally } from '../../api/views/tally';
import { ratingFacts } from '../../lib/rating';

const row = (over: Partial<AssignmentListRow>): AssignmentListRow => ({
  id: 'a',
  documentId: 'd',
  clause: '1',
  text: 't',
  leadOrgId: 'org1',
  coOrgIds: [],
  watcherOrgIds: [],
  controllerId: 'c',
  deadline: '2026-11-10',
  status: 'in_execution',
  overdue: false,
  ...over,
});

/** A row in or out, with what it adds to ratings. */
const put = (tally: Tally, r: AssignmentListRow, sign: 1 | -1) =>
  tally.add(r, ratingFacts(r), sign);

describe('the dashboard tally', () => {
  it('follows a row through its changes: the old row out, the new one in', () => {
    const tally = new Tally();
    const open = row({});
    const overdue = row({ overdue: true, overdueDays: 0 });
    const accepted = row({
      status: 'accepted',
      overdueDays: 3,
      acceptedAt: '2026-11-20T09:00:00Z',
    });
    put(tally, open, 1);
    put(tally, open, -1);
    put(tally, overdue, 1);
    expect(tally.organizations()).toEqual([
      { orgId: 'org1', total: 1, open: 1, overdue: 1, onTime: 0, late: 0, cancelled: 0 },
    ]);
    put(tally, overdue, -1);
    put(tally, accepted, 1);
    put(tally, row({ id: 'b', status: 'closed', closedAt: '2026-10-02T09:00:00Z' }), 1);
    put(tally, row({ id: 'c', leadOrgId: 'org2', status: 'cancelled' }), 1);
    expect(tally.organizations(['org1'])).toEqual([
      { orgId: 'org1', total: 2, open: 0, overdue: 0, onTime: 1, late: 1, cancelled: 0 },
    ]);
    expect(tally.trend(['2026-10', '2026-11'])).toEqual([
      { month: '2026-10', onTime: 1, late: 0 },
      { month: '2026-11', onTime: 0, late: 1 },
    ]);
    expect(tally.trend(['2026-11'], ['org2'])).toEqual([{ month: '2026-11', onTime: 0, late: 0 }]);
  });

  it('leaves out organizations whose rows are all gone', () => {
    const tally = new Tally();
    put(tally, row({}), 1);
    put(tally, row({}), -1);
    expect(tally.organizations()).toEqual([]);
  });

  it('names the months that end with this one, across a year', () => {
    expect(lastMonths('2026-02-15', 4)).toEqual(['2025-11', '2025-12', '2026-01', '2026-02']);
  });
});

describe('the list row', () => {
  it('answers only fields its schema declares (the API answers rows as the view keeps them)', () => {
    const declared = Object.keys(assignmentRowSchema.shape);
    expect(ROW_FIELDS.filter((f) => f !== 'version' && !declared.includes(f))).toEqual([]);
  });
});
