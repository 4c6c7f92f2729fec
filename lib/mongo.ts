import mongoose from 'mongoose';

// Closed against NoSQL injection: query filters built from user input cannot carry operators,
// and fields not in a schema are not queried.
mongoose.set('sanitizeFilter', true);
mongoose.set('strictQuery', true);

export async function connectMongo(uri: string, dbName = 'ijro'): Promise<typeof mongoose> {
  await mongoose.connect(uri, { dbName, serverSelectionTimeoutMS: 5000 });
  return mongoose;
}
