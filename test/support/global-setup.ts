import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startFerretDb } from '../../lib/embedded';
import { toolPaths } from '../../lib/paths';

/** One FerretDB for the whole run, on a temp dir; each test file uses its own database. */
export default async function globalSetup(): Promise<void> {
  if (process.env.TEST_MONGODB_URI) return;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ijro-test-ferretdb-'));
  const { child, url } = await startFerretDb({ binary: toolPaths().ferretdb, dataDir: dir });
  process.env.TEST_MONGODB_URI = url;
  Object.assign(globalThis, { __ijroFerret: { child, dir } });
}
