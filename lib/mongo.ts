import mongoose from 'mongoose';
import { countStoreCommands } from './metrics';

// Closed against NoSQL injection: query filters built from user input cannot carry operators,
// and fields not in a schema are not queried.
mongoose.set('sanitizeFilter', true);
mongoose.set('strictQuery', true);

/**
 * Connects with at most `maxPoolSize` operations in flight. The embedded FerretDB v1 serves
 * each database from 100 SQLite connections, and an update holds one (the query over the
 * rows it changes) while it waits for a second (the transaction that writes them): once the
 * updates in flight held all 100, every one of them waited for ever (a goroutine dump of the
 * stalled benchmark showed 100 open row sets and the updates waiting in `BeginTx`). The
 * pools of all processes together must therefore stay under 50.
 */
export async function connectMongo(
  uri: string,
  opts: { dbName?: string; maxPoolSize?: number } = {},
): Promise<typeof mongoose> {
  await mongoose.connect(uri, {
    dbName: opts.dbName ?? 'ijro',
    serverSelectionTimeoutMS: 5000,
    maxPoolSize: opts.maxPoolSize ?? 16,
    // For ijro_store_commands_total (lib/metrics.ts).
    monitorCommands: true,
  });
  countStoreCommands(mongoose.connection.getClient());
  return mongoose;
}

/** A case-insensitive "contains" filter for user-typed text, its regex characters escaped. */
export function contains(text: string) {
  const escaped = text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return mongoose.trusted({ $regex: escaped, $options: 'i' });
}

const NOT_IMPLEMENTED = 238;

/**
 * A TTL index removes expired rows on MongoDB. FerretDB 1.x has no TTL indexes; there the rows
 * stay, and every reader of them checks expiry itself.
 */
export async function ensureTtlIndex(collection: mongoose.mongo.Collection, field: string) {
  try {
    await collection.createIndex({ [field]: 1 }, { expireAfterSeconds: 0 });
  } catch (err) {
    if ((err as { code?: number }).code !== NOT_IMPLEMENTED) throw err;
  }
}

/**
 * The rows with these ids, one `_id` lookup each. On MongoDB `$in` would do; the embedded
 * FerretDB (SQLite) uses an index only for a lone `_id` equality and would read the whole
 * collection for `$in`, which at national scale (thousands of organizations and users) is
 * far slower than a few lookups.
 */
export async function findByIds<T>(
  model: mongoose.Model<T>,
  ids: readonly unknown[],
  projection?: Record<string, 0 | 1>,
) {
  const rows = await Promise.all(
    [...new Set(ids)].map((id) => model.findById(id, projection).lean()),
  );
  return rows.filter((r) => r !== null);
}

let guards: Promise<boolean> | undefined;

/**
 * Whether the store keeps a row's `version` from going down by itself: our FerretDB launcher
 * does (`-version-guard`), MongoDB needs the condition in the filter. FerretDB says who it is
 * in `buildInfo`; Ijro supports FerretDB only through its launcher (tools/ferretdb).
 */
export function storeGuardsVersions(): Promise<boolean> {
  guards ??= mongoose.connection
    .db!.admin()
    .command({ buildInfo: 1 })
    .then((info) => 'ferretdbVersion' in info)
    .catch((err: unknown) => {
      guards = undefined;
      throw err;
    });
  return guards;
}
