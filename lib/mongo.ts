import mongoose from 'mongoose';

// Closed against NoSQL injection: query filters built from user input cannot carry operators,
// and fields not in a schema are not queried.
mongoose.set('sanitizeFilter', true);
mongoose.set('strictQuery', true);

export async function connectMongo(uri: string, dbName = 'ijro'): Promise<typeof mongoose> {
  await mongoose.connect(uri, { dbName, serverSelectionTimeoutMS: 5000 });
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
