import type { ApplicationFailure } from '@temporalio/common';
import { AssignmentState } from '../../workflows/assignment-state';
import { defaultCalendar } from '../../workflows/calendar';
import { localTime } from '../../workflows/timers';
import { REFUSAL, type AssignmentInput } from '../../workflows/types';

const cal = defaultCalendar([2026, 2027, 2028]);
const input = (over: Partial<AssignmentInput> = {}): AssignmentInput => ({
  id: 'a1',
  documentId: 'd1',
  clause: '1-band',
  text: 'Do it',
  leadOrgId: 'lead',
  coOrgIds: ['co'],
  controllerId: 'ctl',
  // A Sunday: the deadline moves to Friday 2027-01-29.
  deadline: '2027-01-31',
  public: false,
  verificationChain: ['ctl', 'ctl2'],
  rules: { reminderDays: [10, 5, 3, 1, 0], coDeadlineOffset: 3, escalationDays: 3 },
  calendar: cal,
  ...over,
});
const NOW = localTime('2027-01-11', 10);
const who = (actorId: string) => ({ actorId });

const refusal = (fn: () => void): ApplicationFailure => {
  try {
    fn();
  } catch (err) {
    return err as ApplicationFailure;
  }
  throw new Error('expected a refusal');
};

/** The state after a final report from the lead. */
function underReview() {
  const s = new AssignmentState(input());
  s.issue();
  const report = {
    ...who('e1'),
    reportId: 'r1',
    organizationId: 'lead',
    kind: 'final' as const,
    text: 't',
    attachmentIds: [],
  };
  s.submitReport(report, NOW);
  return s;
}

describe('AssignmentState', () => {
  it('moves a deadline off a non-working day and gives co-executors 3 working days less', () => {
    const view = new AssignmentState(input()).issue();
    expect(view.deadline).toBe('2027-01-29');
    expect(view.executions).toEqual([
      { organizationId: 'lead', role: 'lead', deadline: '2027-01-29' },
      { organizationId: 'co', role: 'co', deadline: '2027-01-26' },
    ]);
    expect(view).toMatchObject({ status: 'in_execution', version: 1, overdue: false });
  });

  it('runs the verification chain level by level, then closes', () => {
    const s = underReview();
    expect(s.snapshot.status).toBe('under_review');
    expect(s.reviewerOf('r1')).toBe('ctl');
    s.review({ ...who('ctl'), reportId: 'r1', decision: 'accept', rating: 4 }, NOW);
    expect(s.snapshot.status).toBe('under_review');
    expect(s.reviewerOf('r1')).toBe('ctl2');
    s.review({ ...who('ctl2'), reportId: 'r1', decision: 'accept', rating: 5 }, NOW);
    expect(s.snapshot).toMatchObject({ status: 'accepted', reports: [{ status: 'accepted' }] });
    s.close({ ...who('ctl') }, NOW);
    expect(s.finished).toBe(true);
  });

  it('counts overdue working days when the overdue spell ends', () => {
    const s = new AssignmentState(input());
    s.markOverdue(localTime('2027-01-30', 0));
    const report = {
      ...who('e1'),
      reportId: 'r1',
      organizationId: 'lead',
      kind: 'final' as const,
      text: 't',
      attachmentIds: [],
    };
    s.submitReport(report, NOW);
    s.review({ ...who('ctl'), reportId: 'r1', decision: 'accept', rating: 3 }, NOW);
    s.review(
      { ...who('ctl2'), reportId: 'r1', decision: 'accept', rating: 3 },
      localTime('2027-02-03', 12),
    );
    // Mon 1, Tue 2, Wed 3 February: three working days after Friday's deadline.
    expect(s.snapshot).toMatchObject({ overdue: false, overdueDays: 3 });
  });

  describe('refuses, and changes nothing', () => {
    const cases: [string, () => AssignmentState, (s: AssignmentState) => void, string, RegExp][] = [
      [
        'acknowledge by a non-executor',
        () => new AssignmentState(input()),
        (s) => s.assertAcknowledge({ ...who('x'), organizationId: 'other' }),
        REFUSAL.forbidden,
        /not an executor/,
      ],
      [
        'acknowledge twice',
        () => {
          const s = new AssignmentState(input());
          s.acknowledge({ ...who('e1'), organizationId: 'lead' }, NOW);
          return s;
        },
        (s) => s.assertAcknowledge({ ...who('e1'), organizationId: 'lead' }),
        REFUSAL.state,
        /acknowledged it on/,
      ],
      [
        'a report from a non-executor',
        () => new AssignmentState(input()),
        (s) =>
          s.assertReport({
            ...who('x'),
            reportId: 'r',
            organizationId: 'other',
            kind: 'final',
            text: 't',
            attachmentIds: [],
          }),
        REFUSAL.forbidden,
        /not an executor/,
      ],
      [
        'a second final report while one is under review',
        underReview,
        (s) =>
          s.assertReport({
            ...who('e1'),
            reportId: 'r2',
            organizationId: 'lead',
            kind: 'final',
            text: 't',
            attachmentIds: [],
          }),
        REFUSAL.state,
        /already under review/,
      ],
      [
        'a review by the wrong level',
        underReview,
        (s) =>
          s.assertReview({ ...who('ctl2'), reportId: 'r1', decision: 'accept', rating: 5 }, NOW),
        REFUSAL.forbidden,
        /level 1/,
      ],
      [
        'accepting without a rating',
        underReview,
        (s) => s.assertReview({ ...who('ctl'), reportId: 'r1', decision: 'accept' }, NOW),
        REFUSAL.input,
        /rating/,
      ],
      [
        'returning without a comment',
        underReview,
        (s) => s.assertReview({ ...who('ctl'), reportId: 'r1', decision: 'return' }, NOW),
        REFUSAL.input,
        /comment/,
      ],
      [
        'a return with a past deadline',
        underReview,
        (s) =>
          s.assertReview(
            {
              ...who('ctl'),
              reportId: 'r1',
              decision: 'return',
              comment: 'x',
              newDeadline: '2027-01-01',
            },
            NOW,
          ),
        REFUSAL.input,
        /in the past/,
      ],
      [
        'reviewing an unknown report',
        underReview,
        (s) =>
          s.assertReview({ ...who('ctl'), reportId: 'nope', decision: 'accept', rating: 5 }, NOW),
        REFUSAL.input,
        /No such report/,
      ],
      [
        'an extension from a co-executor',
        () => new AssignmentState(input()),
        (s) =>
          s.assertExtension(
            {
              ...who('e2'),
              requestId: 'x',
              organizationId: 'co',
              proposedDeadline: '2027-03-01',
              reason: 'r',
            },
            NOW,
          ),
        REFUSAL.forbidden,
        /lead executor/,
      ],
      [
        'an extension to an earlier date',
        () => new AssignmentState(input()),
        (s) =>
          s.assertExtension(
            {
              ...who('e1'),
              requestId: 'x',
              organizationId: 'lead',
              proposedDeadline: '2027-01-20',
              reason: 'r',
            },
            NOW,
          ),
        REFUSAL.input,
        /after the current one/,
      ],
      [
        'an extension while under review',
        underReview,
        (s) =>
          s.assertExtension(
            {
              ...who('e1'),
              requestId: 'x',
              organizationId: 'lead',
              proposedDeadline: '2027-03-01',
              reason: 'r',
            },
            NOW,
          ),
        REFUSAL.state,
        /in execution/,
      ],
      [
        'a second pending extension',
        () => {
          const s = new AssignmentState(input());
          s.requestExtension(
            {
              ...who('e1'),
              requestId: 'x1',
              organizationId: 'lead',
              proposedDeadline: '2027-03-01',
              reason: 'r',
            },
            NOW,
          );
          return s;
        },
        (s) =>
          s.assertExtension(
            {
              ...who('e1'),
              requestId: 'x2',
              organizationId: 'lead',
              proposedDeadline: '2027-03-05',
              reason: 'r',
            },
            NOW,
          ),
        REFUSAL.state,
        /already waiting/,
      ],
      [
        'deciding an unknown request',
        () => new AssignmentState(input()),
        (s) => s.assertExtensionDecision({ ...who('ctl'), requestId: 'nope', decision: 'approve' }),
        REFUSAL.input,
        /No such extension/,
      ],
      [
        'an inspection of a non-executor',
        () => new AssignmentState(input()),
        (s) =>
          s.assertInspection({
            ...who('i'),
            inspectionId: 'i1',
            plannedAt: '2027-01-15',
            inspectorIds: ['i'],
            orgIds: ['other'],
          }),
        REFUSAL.input,
        /Not executors/,
      ],
      [
        'a result by someone not on the inspection',
        () => {
          const s = new AssignmentState(input());
          s.startInspection(
            {
              ...who('i'),
              inspectionId: 'i1',
              plannedAt: '2027-01-15',
              inspectorIds: ['i'],
              orgIds: [],
            },
            NOW,
          );
          return s;
        },
        (s) =>
          s.assertInspectionResult(
            { ...who('j'), inspectionId: 'i1', outcome: 'confirmed', findings: 'ok' },
            NOW,
          ),
        REFUSAL.forbidden,
        /inspector of this inspection/,
      ],
      [
        'closing before acceptance',
        () => new AssignmentState(input()),
        (s) => s.assertClose({ ...who('ctl') }),
        REFUSAL.state,
        /only an accepted/,
      ],
      [
        'cancelling without a reason',
        () => new AssignmentState(input()),
        (s) => s.assertCancellable({ ...who('ctl'), reason: '  ' }),
        REFUSAL.input,
        /reason/,
      ],
      [
        'anything after cancellation',
        () => {
          const s = new AssignmentState(input());
          s.cancel({ ...who('ctl'), reason: 'repealed' }, NOW);
          return s;
        },
        (s) => s.assertAcknowledge({ ...who('e1'), organizationId: 'lead' }),
        REFUSAL.state,
        /cancelled/,
      ],
    ];
    it.each(cases)('%s', (_name, make, act, type, message) => {
      const s = make();
      const before = s.snapshot;
      const err = refusal(() => act(s));
      expect({ type: err.type, message: err.message }).toMatchObject({
        type,
        message: expect.stringMatching(message),
      });
      expect(s.snapshot).toEqual(before);
    });
  });
});
