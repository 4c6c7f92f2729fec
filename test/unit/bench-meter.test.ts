import { Meter, addTally, type Tally } from '../../scripts/bench/store-commands';

describe('the bench meter', () => {
  it('hands out what each total grew by since the last call, new keys included', async () => {
    const readings: Tally[] = [
      new Map([['worker', 1]]),
      new Map([
        ['worker', 3.5],
        ['api', 2],
      ]),
      new Map([
        ['worker', 3.5],
        ['api', 5],
      ]),
    ];
    const meter = new Meter(() => readings.shift() as Tally);
    await meter.since();
    expect(await meter.since()).toEqual(
      new Map([
        ['worker', 2.5],
        ['api', 2],
      ]),
    );
    // A total that did not grow is left out, so a span's tally names only who worked.
    expect(await meter.since()).toEqual(new Map([['api', 3]]));
  });

  it('adds spans together', () => {
    const sum = addTally(
      new Map([['a', 1]]),
      new Map([
        ['a', 2],
        ['b', 1],
      ]),
    );
    expect(sum).toEqual(
      new Map([
        ['a', 3],
        ['b', 1],
      ]),
    );
  });
});
