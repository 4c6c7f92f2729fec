import fs from 'node:fs/promises';
import path from 'node:path';
import nodemailer from 'nodemailer';

export interface Mail {
  to: string;
  subject: string;
  text: string;
  messageId: string;
}

export interface Mailer {
  send(mail: Mail): Promise<void>;
  close(): void;
}

/** Header values come from user data: no CR/LF may reach a header line. */
export const headerSafe = (value: string): string => value.replace(/[\r\n]+/g, ' ').trim();

/**
 * SMTP relay when `SMTP_URL` is set; otherwise a dev mailbox: each message is written as an
 * .eml file under `DATA_DIR/mail`, named by its Message-ID so a retry overwrites, not duplicates.
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
  const dir = path.join(opts.dataDir, 'mail');
  const transport = nodemailer.createTransport({ streamTransport: true, buffer: true });
  return {
    async send(mail) {
      const info = await transport.sendMail(message(opts.from, mail));
      await fs.mkdir(dir, { recursive: true });
      const file = mail.messageId.replace(/[^A-Za-z0-9._-]/g, '_') + '.eml';
      await fs.writeFile(path.join(dir, file), info.message as Buffer);
    },
    close: () => transport.close(),
  };
}

function message(from: string, mail: Mail) {
  return {
    from,
    to: headerSafe(mail.to),
    subject: headerSafe(mail.subject),
    text: mail.text,
    messageId: headerSafe(mail.messageId),
  };
}
