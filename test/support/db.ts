import crypto from 'node:crypto';
import mongoose from 'mongoose';
import { connectMongo } from '../../lib/mongo';

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
  // Each test file has its own database, and FerretDB its own 100 connections for each.
  // As the processes connect (connectMongo), so the store's commands are counted the same way.
  await connectMongo(uri, { dbName, maxPoolSize: 16 });
  return {
    uri,
    dbName,
    drop: async () => {
      await mongoose.connection.dropDatabase();
      await mongoose.disconnect();
    },
  };
}
