import { loadedFor } from '../../scripts/web-budget';

describe('the web budget', () => {
  const manifest = {
    'index.html': {
      file: 'assets/index.js',
      isEntry: true,
      imports: ['_react.js'],
      css: ['assets/index.css'],
    },
    '_react.js': { file: 'assets/react.js' },
    'src/pages/Inbox.tsx': { file: 'assets/Inbox.js', imports: ['_react.js', '_rows.js'] },
    '_rows.js': { file: 'assets/rows.js' },
    'src/pages/admin/index.tsx': { file: 'assets/admin.js', imports: ['_big.js'] },
    '_big.js': { file: 'assets/big.js' },
  };

  it('counts the entry, the page and what they import statically, each once, not other pages', () => {
    expect(loadedFor(manifest, 'src/pages/Inbox.tsx').sort()).toEqual([
      'assets/Inbox.js',
      'assets/index.css',
      'assets/index.js',
      'assets/react.js',
      'assets/rows.js',
    ]);
  });

  it('fails when the page is no longer a chunk of its own', () => {
    expect(() => loadedFor(manifest, 'src/pages/SignIn.tsx')).toThrow(/not a chunk of its own/);
  });
});
