import { temporal } from '@temporalio/proto';

/** Workflow histories as committed JSON files: protobuf objects with longs and bytes as text. */
export const History = temporal.api.history.v1.History;
export const HISTORY_JSON = { longs: String, enums: String, bytes: String, defaults: false };
