import { ChangeFeed } from '../../lib/change-feed';
import type { ChangeRef } from '../../models/change';

/** A log in memory: position p is entries[p - 1]; every read is counted. */
function memoryLog() {
  const entries: ChangeRef[][] = [];
  const log = {
    reads: 0,
    append: (id: string) => entries.push([{ kind: 'document', id }]),
    read: async (position: number) => {
      log.reads += 1;
      return entries[position - 1] ?? null;
    },
    tail: async () => entries.length + 1,
  };
  return log;
}

describe('following the change log (ChangeFeed)', () => {
  it('applies every entry once, in order, however many arrived since the last round', async () => {
    const log = memoryLog();
    log.append('before');
    const applied: string[] = [];
    const feed = new ChangeFeed(
      async () => undefined,
      async (refs) => void applied.push(...refs.map((r) => r.id)),
      log,
    );
    await feed.current();
    // Built at the tail: what was there is in the build, not applied again.
    expect(applied).toEqual([]);
    for (const n of [1, 2, 3, 20, 0, 9]) {
      const ids = Array.from({ length: n }, (_, i) => `${n}-${i}`);
      ids.forEach(log.append);
      await feed.current();
      expect(applied.splice(0)).toEqual(ids);
    }
    expect(feed.applied).toBe(await log.tail());
  });

  it('reads ahead only as far as entries keep being found', async () => {
    const log = memoryLog();
    const feed = new ChangeFeed(
      async () => undefined,
      async () => undefined,
      log,
    );
    const readsFor = async (n: number) => {
      for (let i = 0; i < n; i++) log.append(`e${i}`);
      log.reads = 0;
      await feed.current();
      return log.reads;
    };
    await feed.current();
    expect(await readsFor(0)).toBe(1);
    // One or two new entries: the entry, then two ahead (it read nine before).
    expect(await readsFor(1)).toBe(3);
    expect(await readsFor(2)).toBe(3);
    // Twenty: 1, then 2, 4, 8 and 8 (the last with the first missing one).
    expect(await readsFor(20)).toBe(23);
  });
});
