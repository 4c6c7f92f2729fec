import fs from 'node:fs';
import path from 'node:path';
import { projectRoot } from '../../lib/paths';
import { KEPT, keptPart } from '../../scripts/bench/kept';

describe('the bench report', () => {
  it('keeps what follows the marker, and nothing when there is none', () => {
    expect(keptPart(`# Benchmarks\n\nold figures\n\n${KEPT}\n\n## Other\n`)).toBe(
      `${KEPT}\n\n## Other\n`,
    );
    expect(keptPart('# Benchmarks\n\nold figures\n')).toBe('');
  });

  it('finds the marker in docs/benchmarks.md, so a rerun keeps the other commands’ figures', () => {
    const md = fs.readFileSync(path.join(projectRoot, 'docs', 'benchmarks.md'), 'utf8');
    expect(keptPart(md)).toContain('## The rating table at the 2019 scale');
  });
});
