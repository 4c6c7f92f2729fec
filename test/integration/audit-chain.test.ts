import mongoose from 'mongoose';
import { appendAudit, hashOf, verifyChain } from '../../lib/audit';
import { AuditEvent, AuditHead } from '../../models/audit';
import { useTestDb } from '../support/db';

let drop: () => Promise<void>;
beforeAll(async () => {
  ({ drop } = await useTestDb());
  await AuditEvent.init();
});
afterAll(() => drop());

let n = 0;
async function chainOf(events: number) {
  const subject = `assignment:chain-${++n}`;
  for (let i = 0; i < events; i++) {
    await appendAudit({
      subject,
      action: `step.${i + 1}`,
      outcome: 'ok',
      actorId: 'u1',
      ip: '10.0.0.1',
      before: { status: 'in_execution', deadline: new Date('2027-01-29') },
      after: { status: 'under_review', n: i },
    });
  }
  return subject;
}

describe('audit hash chain', () => {
  it('links every event to the one before, and verifies', async () => {
    const subject = await chainOf(4);
    const events = await AuditEvent.find({ subject }).sort({ seq: 1 }).lean();
    expect(events.map((e) => e.seq)).toEqual([1, 2, 3, 4]);
    expect(events[0]?.prevHash).toBe('0'.repeat(64));
    for (let i = 1; i < events.length; i++) expect(events[i]?.prevHash).toBe(events[i - 1]?.hash);
    expect(await verifyChain(subject)).toEqual({ subject, valid: true, events: 4 });
  });

  it('when writers race on one chain, then every event gets its own place', async () => {
    const subject = 'assignment:race';
    await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        appendAudit({ subject, action: `parallel.${i}`, outcome: 'ok' }),
      ),
    );
    const seqs = (await AuditEvent.find({ subject }).lean())
      .map((e) => e.seq)
      .sort((a, b) => a - b);
    expect(seqs).toEqual(Array.from({ length: 12 }, (_, i) => i + 1));
    expect((await verifyChain(subject)).valid).toBe(true);
  });

  it('when a retried writer passes the same key, then the event is written once', async () => {
    const subject = 'assignment:retry';
    for (let i = 0; i < 3; i++)
      await appendAudit({ subject, action: 'x', outcome: 'ok', key: 'k-1' });
    expect(await AuditEvent.countDocuments({ subject })).toBe(1);
  });

  it('when a keyed append is retried after other events, it is found in the head, not by reading the events', async () => {
    const subject = 'assignment:retry-late';
    await appendAudit({ subject, action: 'keyed', outcome: 'ok', key: 'k-late' });
    for (let i = 0; i < 6; i++) await appendAudit({ subject, action: `other.${i}`, outcome: 'ok' });
    let reads = 0;
    const count = (e: { commandName: string; command: Record<string, unknown> }) => {
      if (e.commandName === 'find' && e.command.find === AuditEvent.collection.collectionName)
        reads += 1;
    };
    const client = mongoose.connection.getClient();
    client.on('commandStarted', count);
    try {
      await appendAudit({ subject, action: 'keyed', outcome: 'ok', key: 'k-late' });
    } finally {
      client.off('commandStarted', count);
    }
    // One look past the head (is there an event 8?), none of the 7 before it.
    expect(reads).toBe(1);
    expect(await AuditEvent.countDocuments({ subject })).toBe(7);
    expect((await AuditHead.findById(subject).lean())?.keys).toEqual(['k-late']);
  });

  it('when the head was written before it carried keys, a retried key is found among the events', async () => {
    const subject = 'assignment:retry-old-head';
    await appendAudit({ subject, action: 'keyed', outcome: 'ok', key: 'k-old' });
    await appendAudit({ subject, action: 'other', outcome: 'ok' });
    await AuditHead.collection.updateOne({ _id: subject as never }, { $unset: { keys: '' } });
    await appendAudit({ subject, action: 'keyed', outcome: 'ok', key: 'k-old' });
    expect(await AuditEvent.countDocuments({ subject })).toBe(2);
    await appendAudit({ subject, action: 'keyed', outcome: 'ok', key: 'k-new' });
    expect((await AuditHead.findById(subject).lean())?.keys).toEqual(['k-old', 'k-new']);
    expect(await verifyChain(subject)).toMatchObject({ valid: true, events: 3 });
  });

  it('when keyed writers and their retries race, then each key is written once', async () => {
    const subject = 'assignment:retry-race';
    const keys = Array.from({ length: 8 }, (_, i) => `k-${i}`);
    await Promise.all(
      [...keys, ...keys].map((key) => appendAudit({ subject, action: key, outcome: 'ok', key })),
    );
    const written = (await AuditEvent.find({ subject }).lean()).map((e) => e.key).sort();
    expect(written).toEqual(keys);
    expect((await verifyChain(subject)).valid).toBe(true);
  });

  it('when a stored event is edited, then verification fails and names it', async () => {
    const subject = await chainOf(5);
    await AuditEvent.collection.updateOne(
      { subject, seq: 3 },
      { $set: { 'after.status': 'closed' } },
    );
    expect(await verifyChain(subject)).toMatchObject({
      valid: false,
      brokenAt: 3,
      reason: 'event 3 was altered after it was written',
    });
  });

  it('when an edited event is re-hashed to hide it, then the next link breaks', async () => {
    const subject = await chainOf(5);
    const event = await AuditEvent.findOne({ subject, seq: 2 }).lean();
    const forged = { ...event!, actorId: 'someone-else' };
    await AuditEvent.collection.updateOne(
      { subject, seq: 2 },
      { $set: { actorId: forged.actorId, hash: hashOf(forged as never) } },
    );
    expect(await verifyChain(subject)).toMatchObject({
      valid: false,
      brokenAt: 3,
      reason: 'event 3 does not follow event 2',
    });
  });

  it('when an event in the middle is deleted, then verification says which is missing', async () => {
    const subject = await chainOf(5);
    await AuditEvent.collection.deleteOne({ subject, seq: 2 });
    expect(await verifyChain(subject)).toMatchObject({
      valid: false,
      brokenAt: 2,
      reason: 'event 2 is missing',
    });
  });

  it('when the newest events are deleted, then the chain head gives it away', async () => {
    const subject = await chainOf(5);
    await AuditEvent.collection.deleteMany({ subject, seq: { $gte: 4 } });
    expect(await verifyChain(subject)).toMatchObject({
      valid: false,
      brokenAt: 4,
      reason: 'events from 4 to 5 were removed',
    });
  });

  it('when a writer stopped between its two writes, then the next append repairs the head', async () => {
    const subject = await chainOf(2);
    await AuditHead.collection.updateOne({ _id: subject as never }, { $set: { seq: 1 } });
    await appendAudit({ subject, action: 'after.crash', outcome: 'ok' });
    expect(await AuditEvent.countDocuments({ subject })).toBe(3);
    expect(await verifyChain(subject)).toMatchObject({ valid: true, events: 3 });
  });
});
