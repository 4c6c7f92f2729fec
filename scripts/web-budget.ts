// Run by `npm run build` after Vite: the JavaScript a user downloads before the sign-in page,
// and before the assignment list, works (the entry chunk, the page's lazy chunk and what they
// import statically), gzipped, against the budget. Over budget, the build fails.
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { WEB_DIR } from '../api/web';

/** Issue 14: the sign-in and inbox routes' JavaScript under 350 KB gzipped. */
export const BUDGET_KB = 350;

interface Chunk {
  file: string;
  isEntry?: boolean;
  imports?: string[];
  css?: string[];
}

/** The pages the budget is for, as Vite's manifest names their modules. */
export const FIRST_PAGES = ['src/pages/SignIn.tsx', 'src/pages/Inbox.tsx'];

/** The files loaded before `page` works, from Vite's manifest. */
export function loadedFor(manifest: Record<string, Chunk>, page: string): string[] {
  const files = new Set<string>();
  const visit = (key: string) => {
    const chunk = manifest[key];
    if (!chunk || files.has(chunk.file)) return;
    files.add(chunk.file);
    for (const css of chunk.css ?? []) files.add(css);
    for (const next of chunk.imports ?? []) visit(next);
  };
  for (const [key, chunk] of Object.entries(manifest)) if (chunk.isEntry) visit(key);
  if (!manifest[page]) throw new Error(`${page} is not a chunk of its own: is it still lazy?`);
  visit(page);
  return [...files];
}

/** Each first page's JavaScript in KB, as served and gzipped. */
export function measure(dir: string) {
  const manifest = JSON.parse(
    fs.readFileSync(path.join(dir, '.vite', 'manifest.json'), 'utf8'),
  ) as Record<string, Chunk>;
  const sizes = (file: string) => {
    const bytes = fs.readFileSync(path.join(dir, file));
    return { kb: bytes.length / 1024, gzipKb: zlib.gzipSync(bytes, { level: 9 }).length / 1024 };
  };
  return FIRST_PAGES.map((page) => {
    const js = loadedFor(manifest, page)
      .filter((f) => f.endsWith('.js'))
      .map(sizes);
    const sum = (k: 'kb' | 'gzipKb') => js.reduce((total, f) => total + f[k], 0);
    return { page, files: js.length, kb: sum('kb'), gzipKb: sum('gzipKb') };
  });
}

if (require.main === module) {
  let over = false;
  for (const p of measure(WEB_DIR)) {
    console.log(
      `${p.page}: ${p.files} files, ${p.kb.toFixed(0)} KB, ${p.gzipKb.toFixed(1)} KB gzipped (budget ${BUDGET_KB} KB)`,
    );
    over ||= p.gzipKb > BUDGET_KB;
  }
  if (over) {
    console.error(`over the budget of ${BUDGET_KB} KB gzipped: load more of the app lazily`);
    process.exit(1);
  }
}
