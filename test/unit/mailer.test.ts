import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { simpleParser } from 'mailparser';
import { createMailer, devMailbox, headerSafe } from '../../lib/mailer';

/** The messages of an mbox file, their "From " lines unquoted. */
const messagesOf = (file: string) =>
  fs
    .readFileSync(file, 'utf8')
    .split(/^From ijro@localhost .*\n/m)
    .filter(Boolean)
    .map((m) => m.replace(/^>(>*From )/gm, '$1'));

describe('mailer', () => {
  it('when a header value carries CR/LF, then it is flattened to one line', () => {
    expect(headerSafe('Hello\r\nBcc: victim@example.com')).toBe('Hello Bcc: victim@example.com');
  });

  it('when no SMTP_URL is set, then every mail is appended to one mbox file under DATA_DIR', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ijro-mail-'));
    const mailer = createMailer({ from: 'Ijro <no-reply@ijro.local>', dataDir });
    const mails = Array.from({ length: 40 }, (_, i) => ({
      to: `a${i}@b.uz`,
      subject: i === 0 ? 'Topshiriq\nBcc: x@y.z' : `Topshiriq ${i}`,
      text: `Matn ${i}\nFrom the controller:\n>From quoted`,
      messageId: `<k${i}@ijro>`,
    }));
    await Promise.all(mails.map((m) => mailer.send(m)));
    expect(fs.readdirSync(path.join(dataDir, 'mail'))).toEqual(['ijro.mbox']);
    const parsed = await Promise.all(messagesOf(devMailbox(dataDir)).map((m) => simpleParser(m)));
    expect(parsed.map((p) => p.messageId).sort()).toEqual(mails.map((m) => m.messageId).sort());
    const first = parsed.find((p) => p.messageId === '<k0@ijro>');
    expect(first?.subject).toBe('Topshiriq Bcc: x@y.z');
    expect(first?.bcc).toBeUndefined();
    expect(first?.text?.trim()).toBe('Matn 0\nFrom the controller:\n>From quoted');
    fs.rmSync(dataDir, { recursive: true });
  });
});
