import { Readable } from 'node:stream';
import { setImmediate as nextTurn } from 'node:timers/promises';
import yauzl from 'yauzl';
import yazl from 'yazl';
import { HttpError } from './errors';

/** Far more parts than a workbook a spreadsheet program writes has (a few dozen). */
const MAX_ENTRIES = 1_000;
/**
 * Deflate packs at most about 1,032:1; a sheet packs around 10:1, even one of 10,000 identical
 * rows (12:1: each row names its number). Only a part that claims more than this and at least
 * `RATIO_FROM` bytes is refused: small parts cannot hurt whatever their ratio.
 */
const MAX_RATIO = 200;
const RATIO_FROM = 1024 * 1024;
const MB = 1024 * 1024;
/**
 * What the reader is handed at a time, one per turn of the event loop: exceljs parses what it
 * has in promise callbacks alone, so a part handed whole would hold up every other request.
 */
const CHUNK = 16 * 1024;

const unreadable = (reason: string) =>
  new HttpError(
    422,
    `The workbook cannot be read: ${reason}; save it again from the spreadsheet program.`,
  );
const tooLarge = (maxMb: number) =>
  new HttpError(
    413,
    `The workbook unpacks to more than ${maxMb} MB; split it into smaller workbooks.`,
  );

/**
 * The parts of a zip that `keep` names, inflated, once the whole zip is proven to unpack to at
 * most `maxMb`. The central directory is checked first (number of parts, their declared sizes
 * and ratios), so an honest bomb is refused before a byte is inflated. Then every part is
 * inflated as a stream: yauzl fails a part that inflates past its declared size, and the
 * running count stops past the limit, so a lying header gets no further than that either.
 */
export async function unpackChecked(
  bytes: Buffer,
  keep: (name: string) => boolean,
  maxMb: number,
): Promise<Map<string, Buffer>> {
  let zip: yauzl.ZipFile;
  try {
    // Not closed by yauzl after the directory is read: the parts are read after it.
    zip = await yauzl.fromBufferPromise(bytes, { autoClose: false });
  } catch (err) {
    throw unreadable((err as Error).message);
  }
  try {
    if (zip.entryCount > MAX_ENTRIES) {
      throw unreadable(`it holds ${zip.entryCount} files, more than a workbook has`);
    }
    const entries: yauzl.Entry[] = [];
    let declared = 0;
    for await (const entry of zip.eachEntry()) {
      declared += entry.uncompressedSize;
      if (declared > maxMb * MB) throw tooLarge(maxMb);
      if (
        entry.uncompressedSize >= RATIO_FROM &&
        entry.uncompressedSize > MAX_RATIO * entry.compressedSize
      ) {
        throw unreadable(`its part ${entry.fileName} claims to unpack beyond what a workbook can`);
      }
      entries.push(entry);
    }
    const parts = new Map<string, Buffer>();
    let inflated = 0;
    for (const entry of entries) {
      if (entry.fileName.endsWith('/')) continue;
      const chunks: Buffer[] = [];
      try {
        for await (const chunk of await zip.openReadStreamPromise(entry)) {
          inflated += (chunk as Buffer).length;
          if (inflated > maxMb * MB) throw tooLarge(maxMb);
          if (keep(entry.fileName)) chunks.push(chunk as Buffer);
        }
      } catch (err) {
        // A part that inflates past its declared size ends here too ("too many bytes").
        if (err instanceof HttpError) throw err;
        throw unreadable(`its part ${entry.fileName} is damaged (${(err as Error).message})`);
      }
      if (keep(entry.fileName)) parts.set(entry.fileName, Buffer.concat(chunks));
    }
    return parts;
  } catch (err) {
    throw err instanceof HttpError ? err : unreadable((err as Error).message);
  } finally {
    zip.close();
  }
}

/** A zip of `parts` stored uncompressed, in the order given, streamed in paced chunks. */
export function storedZip(parts: [string, Buffer][]): Readable {
  const zip = new yazl.ZipFile();
  for (const [name, data] of parts) zip.addBuffer(data, name, { compress: false });
  zip.end();
  return Readable.from(paced(zip.outputStream));
}

async function* paced(source: NodeJS.ReadableStream) {
  for await (const data of source) {
    const chunk = typeof data === 'string' ? Buffer.from(data) : data;
    for (let at = 0; at < chunk.length; at += CHUNK) {
      yield chunk.subarray(at, at + CHUNK);
      await nextTurn();
    }
  }
}
