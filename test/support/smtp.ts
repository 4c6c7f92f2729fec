import type { AddressInfo } from 'node:net';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { waitUntil } from '../../lib/net';

/** A real SMTP listener on 127.0.0.1 that keeps every message it receives, parsed. */
export async function startSmtp() {
  const received: ParsedMail[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, _session, callback) {
      simpleParser(stream)
        .then((mail) => {
          received.push(mail);
          callback();
        })
        .catch(callback);
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as AddressInfo;
  return {
    url: `smtp://127.0.0.1:${port}`,
    received,
    async waitFor(match: (m: ParsedMail) => boolean): Promise<ParsedMail> {
      let found: ParsedMail | undefined;
      await waitUntil(
        'expected email',
        async () => {
          found = received.find(match);
          if (!found) throw new Error(`not among ${received.length} received`);
        },
        { attempts: 100, delayMs: 100 },
      );
      return found as ParsedMail;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
