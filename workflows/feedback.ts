import type { FeedbackArgs, FeedbackTally } from './types';

/** Ratings at or below this are negative feedback. */
export const NEGATIVE_RATING = 2;
/** How many of the latest feedback ids are kept to recognize a signal sent again. */
const RECENT = 100;

const EMPTY: FeedbackTally = {
  received: 0,
  negative: 0,
  sinceInspection: 0,
  alerted: false,
  recent: [],
};

/**
 * Counts one feedback. Answers null for one already counted; `alert` is true when the negative
 * feedback since the last inspection has just reached the threshold (once until an inspection).
 */
export function countFeedback(
  tally: FeedbackTally | undefined,
  args: FeedbackArgs,
): { tally: FeedbackTally; alert: boolean } | null {
  const t = tally ?? EMPTY;
  if (t.recent.includes(args.feedbackId)) return null;
  const negative = args.rating <= NEGATIVE_RATING;
  const sinceInspection = t.sinceInspection + (negative ? 1 : 0);
  const alert = negative && !t.alerted && sinceInspection >= args.threshold;
  return {
    tally: {
      received: t.received + 1,
      negative: t.negative + (negative ? 1 : 0),
      sinceInspection,
      alerted: t.alerted || alert,
      recent: [...t.recent, args.feedbackId].slice(-RECENT),
    },
    alert,
  };
}

/** An inspection answers the complaints so far: the count towards the next alert starts again. */
export const afterInspection = (tally: FeedbackTally): FeedbackTally => ({
  ...tally,
  sinceInspection: 0,
  alerted: false,
});
