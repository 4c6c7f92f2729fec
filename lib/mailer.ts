import fs from 'node:fs/promises';
import path from 'node:path';
import nodemailer from 'nodemailer';

export interface Mail {
  to: string;
  subject: string;
  text: string;
  messageId: string;
  attachments?: { filename: string; content: Buffer; contentType: string }[];
}

export interface Mailer {
  send(mail: Mail): Promise<void>;
  close(): void;
}

/** Header values come from user data: no CR/LF may reach a header line. */
export const headerSafe = (value: string): string => value.replace(/[\r\n]+/g, ' ').trim();

/**
 * SMTP relay when `SMTP_URL` is set; otherwise a dev mailbox: every message is appended to
 * one mbox file, `DATA_DIR/mail/ijro.mbox` (one file per message cost the kernel more than
 * the sending at national scale). A message sent again after a crash appears twice, with
 * the same Message-ID.
 */
export function createMailer(opts: { smtpUrl?: string; from: string; dataDir: string }): Mailer {
  if (opts.smtpUrl) {
    const transport = nodemailer.createTransport(opts.smtpUrl);
    return {
      async send(mail) {
        await transport.sendMail(message(opts.from, mail));
      },
      close: () => transport.close(),
    };
  }
  const file = devMailbox(opts.dataDir);
  const transport = nodemailer.createTransport({ streamTransport: true, buffer: true });
  // One append at a time, so two messages never interleave in the file.
  let appending: Promise<void> = fs.mkdir(path.dirname(file), { recursive: true }).then(() => {});
  return {
    async send(mail) {
      const info = await transport.sendMail(message(opts.from, mail));
      const entry = mboxEntry(info.message as Buffer);
      const written = appending.then(() => fs.appendFile(file, entry));
      appending = written.catch(() => {});
      await written;
    },
    close: () => transport.close(),
  };
}

export const devMailbox = (dataDir: string) => path.join(dataDir, 'mail', 'ijro.mbox');

/** mboxrd: a separator line, the message with its "From " lines quoted, a blank line. */
function mboxEntry(raw: Buffer): string {
  const text = raw.toString('utf8').replace(/\r\n/g, '\n');
  const quoted = text.replace(/^(>*From )/gm, '>$1');
  return `From ijro@localhost ${new Date().toUTCString()}\n${quoted}${quoted.endsWith('\n') ? '' : '\n'}\n`;
}

function message(from: string, mail: Mail) {
  return {
    from,
    to: headerSafe(mail.to),
    subject: headerSafe(mail.subject),
    text: mail.text,
    messageId: headerSafe(mail.messageId),
    ...(mail.attachments ? { attachments: mail.attachments } : {}),
  };
}
