import { proxyActivities } from '@temporalio/workflow';
import type { Activities } from '../activities';
import type { DigestResult } from '../activities/digest';

const acts = proxyActivities<Activities>({
  // A national day's digests are thousands of mails; the activity heartbeats per person, and
  // a retry goes on where the last attempt stopped (what was mailed is marked so).
  startToCloseTimeout: '4 hours',
  heartbeatTimeout: '5 minutes',
  retry: { initialInterval: '10 seconds', backoffCoefficient: 2, maximumInterval: '10 minutes' },
});

/** Mails the day's digests; started by the daily Schedule (api/digest-schedule.ts). */
export async function dailyDigestWorkflow(): Promise<DigestResult> {
  return acts.sendDigests();
}
