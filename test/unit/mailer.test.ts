import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { simpleParser } from 'mailparser';
import { createMailer, headerSafe } from '../../lib/mailer';

describe('mailer', () => {
  it('when a header value carries CR/LF, then it is flattened to one line', () => {
    expect(headerSafe('Hello\r\nBcc: victim@example.com')).toBe('Hello Bcc: victim@example.com');
  });

  it('when no SMTP_URL is set, then mail lands in the dev mailbox under DATA_DIR, once per Message-ID', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ijro-mail-'));
    const mailer = createMailer({ from: 'Ijro <no-reply@ijro.local>', dataDir });
    const mail = {
      to: 'a@b.uz',
      subject: 'Topshiriq\nBcc: x@y.z',
      text: 'Matn',
      messageId: '<k1@ijro>',
    };
    await mailer.send(mail);
    await mailer.send(mail);
    const files = fs.readdirSync(path.join(dataDir, 'mail'));
    expect(files).toHaveLength(1);
    const parsed = await simpleParser(
      fs.readFileSync(path.join(dataDir, 'mail', files[0] as string)),
    );
    expect(parsed.subject).toBe('Topshiriq Bcc: x@y.z');
    expect(parsed.bcc).toBeUndefined();
    expect(parsed.messageId).toBe('<k1@ijro>');
    expect(parsed.text?.trim()).toBe('Matn');
    fs.rmSync(dataDir, { recursive: true });
  });
});
