import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

// The generator runs as built (`npm test` builds first): its library is ESM-only.
const root = path.join(__dirname, '..', '..');

describe('the web app’s API types', () => {
  it('are what the API’s routes generate today (run `npm run web:types` after changing a route)', () => {
    const generated = execFileSync(
      process.execPath,
      [path.join(root, 'dist', 'scripts', 'web-types.js'), '--stdout'],
      { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 },
    );
    expect(fs.readFileSync(path.join(root, 'web', 'src', 'schema.d.ts'), 'utf8')).toBe(generated);
  });
});
