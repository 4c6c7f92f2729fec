import { trusted } from 'mongoose';
import { AssignmentModel } from '../models/assignment';

/**
 * Open assignments whose deadline falls in `year` or the years beside it (their deadline
 * arithmetic uses that year's calendar), by id after `after`, at most `limit`.
 */
export async function assignmentsTouchingYear(args: {
  year: number;
  after?: string;
  limit: number;
}): Promise<string[]> {
  const rows = await AssignmentModel.find(
    {
      status: trusted({ $in: ['in_execution', 'under_review', 'accepted'] }),
      deadline: trusted({ $gte: `${args.year - 1}-01-01`, $lte: `${args.year + 1}-12-31` }),
      ...(args.after ? { _id: trusted({ $gt: args.after }) } : {}),
    },
    { _id: 1 },
  )
    .sort({ _id: 1 })
    .limit(args.limit)
    .lean();
  return rows.map((r) => r._id);
}
