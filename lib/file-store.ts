import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Readable } from 'node:stream';

const SHA256 = /^[a-f0-9]{64}$/;

async function sizeOf(file: string): Promise<number | undefined> {
  try {
    return (await fs.promises.stat(file)).size;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
}

/**
 * Content-addressed files under `<dataDir>/attachments/<first 2 hex>/<sha256>`: identical
 * content is stored once, and a file is written to a temporary name in its final directory
 * and renamed into place, so a reader never sees half a file.
 */
export class FileStore {
  readonly root: string;

  constructor(dataDir: string) {
    this.root = path.join(dataDir, 'attachments');
  }

  /** Where the content with this hash lives; anything but a lowercase sha256 is refused. */
  pathOf(sha256: string): string {
    if (!SHA256.test(sha256)) throw new Error(`not a sha256 hash: ${JSON.stringify(sha256)}`);
    return path.join(this.root, sha256.slice(0, 2), sha256);
  }

  /** Stores the content unless it is already there; answers its hash and size. */
  async put(content: Buffer): Promise<{ sha256: string; size: number }> {
    const sha256 = crypto.createHash('sha256').update(content).digest('hex');
    const size = content.length;
    const file = this.pathOf(sha256);
    // Files only appear by rename, complete, so one of this name and size has this content.
    if ((await sizeOf(file)) === size) return { sha256, size };
    const dir = path.dirname(file);
    await fs.promises.mkdir(dir, { recursive: true });
    const temp = path.join(dir, `.${sha256}.${crypto.randomUUID()}.tmp`);
    try {
      const handle = await fs.promises.open(temp, 'wx', 0o640);
      try {
        await handle.writeFile(content);
        await handle.sync();
      } finally {
        await handle.close();
      }
      await fs.promises.rename(temp, file);
    } catch (err) {
      await fs.promises.rm(temp, { force: true });
      throw err;
    }
    return { sha256, size };
  }

  /**
   * Opens the content for reading. Opening fails here (ENOENT) rather than in the stream, so
   * a caller can answer an error before it has sent any headers.
   */
  async open(sha256: string): Promise<{ size: number; stream: Readable }> {
    const handle = await fs.promises.open(this.pathOf(sha256), 'r');
    try {
      const { size } = await handle.stat();
      return { size, stream: handle.createReadStream() };
    } catch (err) {
      await handle.close();
      throw err;
    }
  }

  /** The whole content in memory, for small files and tests. */
  read(sha256: string): Promise<Buffer> {
    return fs.promises.readFile(this.pathOf(sha256));
  }
}
