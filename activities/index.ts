import type { Mailer } from '../lib/mailer';
import { createNotify } from './notify';
import { saveAssignment } from './read-model';

export interface ActivityDeps {
  mailer: Mailer;
}

/** Every activity the worker registers, built from its dependencies. */
export function createActivities(deps: ActivityDeps) {
  return {
    saveAssignment,
    notify: createNotify(deps.mailer),
  };
}

export type Activities = ReturnType<typeof createActivities>;
