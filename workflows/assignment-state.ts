import { ApplicationFailure } from '@temporalio/workflow';
import { REFUSAL, type AssignmentInput, type AssignmentView } from './types';

const FINAL = new Set(['closed', 'cancelled']);

/** The assignment's lifecycle state; the workflow is its only owner. */
export class AssignmentState {
  private view: AssignmentView;

  constructor(input: AssignmentInput) {
    this.view = { ...input, status: 'in_execution', overdue: false, version: 0 };
  }

  get snapshot(): AssignmentView {
    return { ...this.view };
  }

  get finished(): boolean {
    return FINAL.has(this.view.status);
  }

  /** Each change gets a new version, so its read-model write can be ordered. */
  private change(patch: Partial<AssignmentView>): AssignmentView {
    this.view = { ...this.view, ...patch, version: this.view.version + 1 };
    return this.snapshot;
  }

  issue(): AssignmentView {
    return this.change({});
  }

  assertCancellable(reason: string): void {
    if (this.finished) {
      throw ApplicationFailure.nonRetryable(
        `The assignment is already ${this.view.status}; it cannot be cancelled.`,
        REFUSAL.state,
      );
    }
    if (!reason.trim()) {
      throw ApplicationFailure.nonRetryable('A reason is required to cancel.', REFUSAL.input);
    }
  }

  cancel(reason: string): AssignmentView {
    return this.change({ status: 'cancelled', cancelReason: reason.trim() });
  }
}
