import crypto from 'node:crypto';
import mongoose from 'mongoose';
import '../../lib/mongo';

/** Connects mongoose to a database of this test file's own, dropped at the end. */
export async function useTestDb(): Promise<{
  uri: string;
  dbName: string;
  drop: () => Promise<void>;
}> {
  const uri = process.env.TEST_MONGODB_URI;
  if (!uri)
    throw new Error('TEST_MONGODB_URI is not set: run the tests through jest (globalSetup)');
  const dbName = `test_${crypto.randomBytes(6).toString('hex')}`;
  await mongoose.connect(uri, { dbName });
  return {
    uri,
    dbName,
    drop: async () => {
      await mongoose.connection.dropDatabase();
      await mongoose.disconnect();
    },
  };
}
