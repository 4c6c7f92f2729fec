import { currentUpdateInfo } from '@temporalio/workflow';
import type { ActionResult } from './types';

/** Enough for every retry of a recent request: a person's request is retried within minutes. */
const KEEP = 200;

/**
 * The answers of the latest updates, by update id. The API sends a request's idempotency key
 * as the update id, so a retried request is answered, not applied again: Temporal refuses a
 * repeated update id only within one run, and these answers travel across continue-as-new.
 */
export class Replies {
  private readonly byId: Map<string, ActionResult>;

  constructor(carried: [string, ActionResult][] = []) {
    this.byId = new Map(carried);
  }

  /** The answer already given to the update being handled, if it was handled before. */
  known(): ActionResult | undefined {
    const id = currentUpdateInfo()?.id;
    return id === undefined ? undefined : this.byId.get(id);
  }

  remember(result: ActionResult): void {
    const id = currentUpdateInfo()?.id;
    if (id === undefined) return;
    this.byId.set(id, result);
    for (const oldest of this.byId.keys()) {
      if (this.byId.size <= KEEP) break;
      this.byId.delete(oldest);
    }
  }

  toJSON(): [string, ActionResult][] {
    return [...this.byId];
  }
}
