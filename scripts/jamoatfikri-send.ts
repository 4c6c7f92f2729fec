import crypto from 'node:crypto';
import { parseArgs } from 'node:util';
import { Webhook } from 'standardwebhooks';

const USAGE = `Sends a signed sample webhook, as jamoatfikri.uz would, to test the integration.

  npm run jamoatfikri:send -- --assignment <id> [--rating 1..5] [--text …] [--region …]
                              [--id <webhook id>] [--url http://localhost:3000]
                              [--age <seconds the timestamp lies in the past>]

The secret comes from JAMOATFIKRI_WEBHOOK_SECRET (the same as the API's). Send the same --id
twice to see the second taken as a duplicate; --age 600 to see a stale one refused.`;

/** The body jamoatfikri.uz sends, and the Standard Webhooks headers that sign it. */
export function signedFeedback(
  secret: string,
  data: { assignmentId: string; text: string; rating: number; region: string },
  opts: { id?: string; at?: Date } = {},
): { headers: Record<string, string>; body: string } {
  const id = opts.id ?? `msg_${crypto.randomUUID()}`;
  const at = opts.at ?? new Date();
  const body = JSON.stringify({ type: 'feedback.created', timestamp: at.toISOString(), data });
  return {
    body,
    headers: {
      'content-type': 'application/json',
      'webhook-id': id,
      'webhook-timestamp': String(Math.floor(at.getTime() / 1000)),
      'webhook-signature': new Webhook(secret).sign(id, at, body),
    },
  };
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      assignment: { type: 'string' },
      rating: { type: 'string', default: '2' },
      text: { type: 'string', default: 'Yo‘l hali ta’mirlanmadi, ish to‘xtab qolgan.' },
      region: { type: 'string', default: 'Samarqand viloyati' },
      id: { type: 'string' },
      url: { type: 'string', default: 'http://localhost:3000' },
      age: { type: 'string', default: '0' },
      help: { type: 'boolean', default: false },
    },
  });
  const secret = process.env.JAMOATFIKRI_WEBHOOK_SECRET;
  if (values.help || !values.assignment || !secret) {
    console.log(USAGE);
    if (!secret && !values.help) console.error('\nJAMOATFIKRI_WEBHOOK_SECRET is not set.');
    process.exit(values.help ? 0 : 2);
  }
  const at = new Date(Date.now() - Number(values.age) * 1000);
  const { headers, body } = signedFeedback(
    secret,
    {
      assignmentId: values.assignment,
      text: values.text,
      rating: Number(values.rating),
      region: values.region,
    },
    { ...(values.id ? { id: values.id } : {}), at },
  );
  const res = await fetch(`${values.url}/api/v1/integrations/jamoatfikri/feedback`, {
    method: 'POST',
    headers,
    body,
  });
  console.log(`webhook-id ${headers['webhook-id']}: ${res.status}`);
  console.log(await res.text());
  process.exit(res.ok ? 0 : 1);
}

if (require.main === module) void main();
