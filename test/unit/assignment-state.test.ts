import { type ApplicationFailure } from '@temporalio/common';
import { AssignmentState } from '../../workflows/assignment-state';
import { REFUSAL, type AssignmentInput } from '../../workflows/types';

const input: AssignmentInput = {
  id: 'a1',
  documentId: 'd1',
  clause: '1-band',
  text: 'Do it',
  leadOrgId: 'o1',
  coOrgIds: [],
  controllerId: 'u1',
  deadline: '2027-01-29',
  public: false,
};

const refusal = (fn: () => void): ApplicationFailure => {
  try {
    fn();
  } catch (err) {
    return err as ApplicationFailure;
  }
  throw new Error('expected a refusal');
};

describe('AssignmentState', () => {
  it('when issued, then it is in execution at version 1', () => {
    const state = new AssignmentState(input);
    expect(state.issue()).toMatchObject({ status: 'in_execution', overdue: false, version: 1 });
    expect(state.finished).toBe(false);
  });

  it('when cancelled, then it is finished with the reason and a newer version', () => {
    const state = new AssignmentState(input);
    state.issue();
    expect(state.cancel('  repealed  ')).toMatchObject({
      status: 'cancelled',
      cancelReason: 'repealed',
      version: 2,
    });
    expect(state.finished).toBe(true);
  });

  it('when cancelled twice, then the second is refused as a wrong state', () => {
    const state = new AssignmentState(input);
    state.cancel('repealed');
    const err = refusal(() => state.assertCancellable('again'));
    expect(err.type).toBe(REFUSAL.state);
    expect(err.message).toMatch(/already cancelled/);
  });

  it('when the reason is blank, then cancel is refused as invalid input and nothing changes', () => {
    const state = new AssignmentState(input);
    const before = state.snapshot;
    expect(refusal(() => state.assertCancellable('   ')).type).toBe(REFUSAL.input);
    expect(state.snapshot).toEqual(before);
  });
});
