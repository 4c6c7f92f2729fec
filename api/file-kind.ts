import path from 'node:path';
import { HttpError } from './errors';

// What may be uploaded: the type is read from the bytes; name and declared type must agree.

interface FileKind {
  label: string;
  mime: string;
  extensions: string[];
}

const KIND = {
  pdf: { label: 'PDF', mime: 'application/pdf', extensions: ['pdf'] },
  png: { label: 'PNG', mime: 'image/png', extensions: ['png'] },
  jpeg: { label: 'JPEG', mime: 'image/jpeg', extensions: ['jpg', 'jpeg'] },
  docx: {
    label: 'Word (DOCX)',
    mime: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    extensions: ['docx'],
  },
  xlsx: {
    label: 'Excel (XLSX)',
    mime: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    extensions: ['xlsx'],
  },
  pptx: {
    label: 'PowerPoint (PPTX)',
    mime: 'application/vnd.openxmlformats-officedocument.presentationml.presentation',
    extensions: ['pptx'],
  },
  text: { label: 'plain text (UTF-8)', mime: 'text/plain', extensions: ['txt'] },
} satisfies Record<string, FileKind>;

export const ACCEPTED = Object.values(KIND)
  .map((k) => k.label)
  .join(', ');

const startsWith = (bytes: Buffer, magic: number[]) =>
  bytes.length >= magic.length && magic.every((b, i) => bytes[i] === b);

const EOCD = 0x06054b50;
const CENTRAL_ENTRY = 0x02014b50;

/**
 * Entry names from a ZIP's central directory (found through the end-of-central-directory
 * record in the last 64 KiB), or undefined when the structure does not hold together.
 */
function zipEntryNames(bytes: Buffer): string[] | undefined {
  const last = bytes.length - 22;
  for (let at = last; at >= 0 && at >= last - 0xffff; at--) {
    if (bytes.readUInt32LE(at) !== EOCD) continue;
    const count = bytes.readUInt16LE(at + 10);
    let p = bytes.readUInt32LE(at + 16);
    const names: string[] = [];
    for (let n = 0; n < count; n++) {
      if (p + 46 > bytes.length || bytes.readUInt32LE(p) !== CENTRAL_ENTRY) return undefined;
      const nameLength = bytes.readUInt16LE(p + 28);
      const extraLength = bytes.readUInt16LE(p + 30);
      const commentLength = bytes.readUInt16LE(p + 32);
      if (p + 46 + nameLength > bytes.length) return undefined;
      names.push(bytes.toString('utf8', p + 46, p + 46 + nameLength));
      p += 46 + nameLength + extraLength + commentLength;
    }
    return names;
  }
  return undefined;
}

/** An Office Open XML package is a ZIP with `[Content_Types].xml` and its part folder. */
function officeKind(bytes: Buffer): FileKind | undefined {
  const names = zipEntryNames(bytes);
  if (!names?.includes('[Content_Types].xml')) return undefined;
  // Macros hidden in a .docx/.xlsx/.pptx are not what the name promises.
  if (names.some((n) => n.toLowerCase().endsWith('vbaproject.bin'))) return undefined;
  if (names.some((n) => n.startsWith('word/'))) return KIND.docx;
  if (names.some((n) => n.startsWith('xl/'))) return KIND.xlsx;
  if (names.some((n) => n.startsWith('ppt/'))) return KIND.pptx;
  return undefined;
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

function isText(bytes: Buffer): boolean {
  if (bytes.includes(0)) return false;
  try {
    utf8.decode(bytes);
    return true;
  } catch {
    return false;
  }
}

/** The accepted type these bytes are, by their signature; undefined for anything else. */
function detectKind(bytes: Buffer): FileKind | undefined {
  if (startsWith(bytes, [0x25, 0x50, 0x44, 0x46, 0x2d])) return KIND.pdf; // %PDF-
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return KIND.png;
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return KIND.jpeg;
  if (startsWith(bytes, [0x50, 0x4b, 0x03, 0x04])) return officeKind(bytes); // PK\3\4
  return isText(bytes) ? KIND.text : undefined;
}

/**
 * The type of an upload, from its bytes; refuses (415) bytes of no accepted type, and a name
 * or declared type that says something else. `application/octet-stream` declares nothing
 * (what clients send when they do not know the type), so only the name must agree then.
 */
export function checkedKind(bytes: Buffer, filename: string, declared: string): FileKind {
  const kind = detectKind(bytes);
  if (!kind) {
    throw new HttpError(415, `The file's content is not of an accepted type (${ACCEPTED}).`);
  }
  const ext = path.extname(filename).slice(1).toLowerCase();
  if (!kind.extensions.includes(ext)) {
    const named = ext ? `its name ends in ".${ext}"` : 'its name has no extension';
    throw new HttpError(
      415,
      `The file's content is ${kind.label}, but ${named}; name it .${kind.extensions[0]}.`,
    );
  }
  const mime = (declared.split(';')[0] ?? '').trim().toLowerCase();
  if (mime !== kind.mime && mime !== 'application/octet-stream') {
    throw new HttpError(
      415,
      `The file's content is ${kind.label}, but it was sent as ${mime || 'no type'}; ` +
        `send it as ${kind.mime}.`,
    );
  }
  return kind;
}
