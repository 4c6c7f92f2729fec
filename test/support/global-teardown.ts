import fs from 'node:fs';
import type { Child } from '../../lib/child';

export default async function globalTeardown(): Promise<void> {
  const ferret = (globalThis as { __ijroFerret?: { child: Child; dir: string } }).__ijroFerret;
  if (!ferret) return;
  await ferret.child.stop();
  fs.rmSync(ferret.dir, { recursive: true, force: true });
}
