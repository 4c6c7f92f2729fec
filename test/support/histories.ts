import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { temporal } from '@temporalio/proto';

/** Workflow histories as committed JSON files: protobuf objects with longs and bytes as text. */
export const History = temporal.api.history.v1.History;
export const HISTORY_JSON = { longs: String, enums: String, bytes: String, defaults: false };

/**
 * Committed histories, one folder per release that recorded them (`v0.1.0/…`). They are kept
 * for good: every release must replay every one of them. Each release's `SHA256SUMS` seals its
 * files when they are recorded (v0.1.0's is the one at the top, which predates the folders), so
 * a history that is re-recorded, edited or deleted fails the replay gate, and recording a new
 * release adds files without changing any committed one.
 */
export const HISTORIES_DIR = path.join(__dirname, '..', 'histories');
const SUMS = 'SHA256SUMS';

const sha256 = (file: string) =>
  crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex');

/** Every committed history file, as a path relative to `HISTORIES_DIR`. */
export function historyFiles(): string[] {
  return fs
    .readdirSync(HISTORIES_DIR, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.json') || f.endsWith('.json.gz'))
    .map((f) => f.split(path.sep).join('/'))
    .sort();
}

/** The sealed files and their sums, as the `SHA256SUMS` files list them (sha256sum's format). */
export function sealedHistories(): Map<string, string> {
  const sealed = new Map<string, string>();
  const sumFiles = fs
    .readdirSync(HISTORIES_DIR, { recursive: true, encoding: 'utf8' })
    .filter((f) => path.basename(f) === SUMS);
  for (const sums of sumFiles) {
    // Each lists its files relative to its own folder, so `sha256sum -c` works there.
    const folder = path.dirname(sums).split(path.sep).join('/');
    for (const line of fs.readFileSync(path.join(HISTORIES_DIR, sums), 'utf8').split('\n')) {
      if (!line.trim()) continue;
      const [sum, file] = line.split(/\s+\*?/, 2) as [string, string];
      sealed.set(folder === '.' ? file : `${folder}/${file}`, sum);
    }
  }
  return sealed;
}

/** Files whose content is not what was sealed, sealed files that are gone, unsealed files. */
export function unsealed(): string[] {
  const sealed = sealedHistories();
  const files = historyFiles();
  return [
    ...[...sealed].flatMap(([file, sum]) => {
      const full = path.join(HISTORIES_DIR, file);
      if (!fs.existsSync(full)) return [`${file}: deleted`];
      return sha256(full) === sum ? [] : [`${file}: changed since it was sealed`];
    }),
    ...files.filter((f) => !sealed.has(f)).map((f) => `${f}: not sealed in a SHA256SUMS`),
  ];
}

/** This release's folder: histories recorded now belong to the version in package.json. */
export function releaseFolder(): string {
  const pkg = JSON.parse(
    fs.readFileSync(path.join(__dirname, '..', '..', 'package.json'), 'utf8'),
  ) as { version: string };
  return `v${pkg.version}`;
}

/** A committed history (`.json`, or `.json.gz` from v0.2.0 on: long runs hold megabytes). */
export function readHistory(file: string) {
  const bytes = fs.readFileSync(path.join(HISTORIES_DIR, file));
  const text = file.endsWith('.gz') ? zlib.gunzipSync(bytes) : bytes;
  return History.fromObject(JSON.parse(text.toString('utf8')) as object);
}

/**
 * Writes a new history into this release's folder and seals it in that folder's `SHA256SUMS`. A history is never recorded
 * twice: an existing file is an error (a new shape of workflow needs a new release folder).
 */
export function saveHistory(name: string, history: unknown): void {
  const file = `${releaseFolder()}/${name}.json.gz`;
  const full = path.join(HISTORIES_DIR, file);
  if (fs.existsSync(full))
    throw new Error(`${file} is already committed; histories are never re-recorded`);
  fs.mkdirSync(path.dirname(full), { recursive: true });
  const json = History.toObject(History.fromObject(history as object), HISTORY_JSON);
  fs.writeFileSync(full, zlib.gzipSync(JSON.stringify(json), { level: 9 }));
  fs.appendFileSync(path.join(path.dirname(full), SUMS), `${sha256(full)}  ${name}.json.gz\n`);
}
