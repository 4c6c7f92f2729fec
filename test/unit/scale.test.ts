import type { Role } from '../../models/user';
import { addDays } from '../../workflows/calendar';
import { splitAt } from '../../scripts/bench/registration';
import { SCALE_2019, apportion, scalePlan, type ScalePlan } from '../../scripts/seed/scale';

const TODAY = '2026-03-02';
const plan = (fraction: number, seed = 2019) => scalePlan({ fraction, seed, today: TODAY });
const counts = (p: ScalePlan) => ({
  organizations: p.orgs.length,
  users: p.users.length,
  documents: p.documents.length,
  assignments: p.documents.reduce((s, d) => s + d.assignments.length, 0),
});

describe('the 2019 scale plan', () => {
  const full = plan(1);

  it('has exactly the 2019 figures at fraction 1, and each count × fraction below', () => {
    expect(counts(full)).toEqual(SCALE_2019);
    expect(counts(plan(0.05))).toEqual({
      organizations: 155,
      users: 877,
      documents: 151,
      assignments: 1262,
    });
    expect(counts(plan(0.002))).toEqual({
      organizations: 6,
      users: 35,
      documents: 6,
      assignments: 50,
    });
  });

  it('is a tree of the roots, central bodies and 14 regions with districts and departments', () => {
    const byKey = new Map(full.orgs.map((o) => [o.key, o]));
    expect(byKey.size).toBe(full.orgs.length);
    const level = (l: string) => full.orgs.filter((o) => o.level === l);
    expect(level('root').map((o) => o.key)).toEqual(['hp', 'pa', 'gp']);
    expect(level('region')).toHaveLength(14);
    expect(level('region').every((o) => o.type === 'khokimiyat')).toBe(true);
    expect(level('district')).toHaveLength(200);
    full.orgs.forEach((o, i) => {
      if (!o.parent) return expect(['root', 'central', 'region']).toContain(o.level);
      const parent = byKey.get(o.parent);
      // Parents come first, so a chunked import can name them by id.
      expect(full.orgs.indexOf(parent!)).toBeLessThan(i);
      if (o.level === 'district') expect(parent?.level).toBe('region');
      if (o.level === 'department')
        expect(['central', 'region', 'district']).toContain(parent?.level);
    });
    const depth = (key: string): number => {
      const p = byKey.get(key)?.parent;
      return p ? 1 + depth(p) : 0;
    };
    expect(Math.max(...full.orgs.map((o) => depth(o.key)))).toBe(2);
  });

  it('gives every organization a head and every executing one an executor; emails are unique', () => {
    const roles = (role: Role) => full.users.filter((u) => u.roles.includes(role));
    expect(new Set(roles('org_head').map((u) => u.org)).size).toBe(full.orgs.length);
    const withExecutors = new Set(roles('executor').map((u) => u.org));
    for (const o of full.orgs) expect(withExecutors.has(o.key)).toBe(o.level !== 'root');
    expect(roles('controller').every((u) => u.org === 'hp')).toBe(true);
    expect(roles('observer').every((u) => u.org === 'pa')).toBe(true);
    expect(roles('executor').length).toBeGreaterThan(full.users.length * 0.8);
    expect(new Set(full.users.map((u) => u.email)).size).toBe(full.users.length);
  });

  it('registers assignments of executing organizations, deadlines over the coming months', () => {
    const orgs = new Map(full.orgs.map((o) => [o.key, o]));
    const controllers = new Set(
      full.users.filter((u) => u.roles.includes('controller')).map((u) => u.key),
    );
    const all = full.documents.flatMap((d) => d.assignments);
    expect(
      full.documents.every((d) => d.assignments.length >= 1 && controllers.has(d.controller)),
    ).toBe(true);
    expect(new Set(full.documents.map((d) => d.number)).size).toBe(full.documents.length);
    for (const a of all) {
      expect(orgs.get(a.lead)?.level).not.toBe('root');
      expect(a.co).not.toContain(a.lead);
      expect(a.deadline >= addDays(TODAY, -30) && a.deadline <= addDays(TODAY, 200)).toBe(true);
    }
    const share = (f: (a: (typeof all)[number]) => boolean) => all.filter(f).length / all.length;
    expect(share((a) => a.deadline < TODAY)).toBeCloseTo(0.03, 1);
    expect(share((a) => a.co.length > 0)).toBeGreaterThan(0.15);
  });

  it('is the same for the same seed and differs for another', () => {
    expect(plan(0.01)).toEqual(plan(0.01));
    expect(plan(0.01, 7).documents).not.toEqual(plan(0.01).documents);
  });

  it('refuses a fraction outside (0, 1]', () => {
    expect(() => plan(0)).toThrow(/fraction/);
    expect(() => plan(1.5)).toThrow(/fraction/);
  });
});

describe("the bench's pauses (splitAt)", () => {
  const whole = plan(0.05);
  const assignments = (p: ScalePlan) => counts(p).assignments;

  it('cuts the documents in order where each share of the assignments is reached', () => {
    const parts = splitAt(whole, [0.5, 0.25]);
    expect(parts.map((p) => p.share)).toEqual([0.25, 0.5, 1]);
    expect(parts.flatMap((p) => p.plan.documents)).toEqual(whole.documents);
    let seen = 0;
    for (const part of parts.slice(0, -1)) {
      seen += assignments(part.plan);
      const last = part.plan.documents.at(-1)?.assignments.length ?? 0;
      // Reached with the part's last document, not before it.
      expect(seen).toBeGreaterThanOrEqual(part.share * 1262);
      expect(seen - last).toBeLessThan(part.share * 1262);
    }
  });

  it('is one part without shares, and ignores shares outside (0, 1)', () => {
    expect(splitAt(whole, []).map((p) => [p.share, p.plan.documents.length])).toEqual([[1, 151]]);
    expect(splitAt(whole, [0, 1, 1.5]).map((p) => p.share)).toEqual([1]);
    // A share that takes the last document ends the split: no pause after all is registered.
    expect(splitAt(plan(0.002), [0.99]).map((p) => [p.share, p.plan.documents.length])).toEqual([
      [1, 6],
    ]);
  });
});

describe('apportion', () => {
  it('splits a total by weights so the parts sum exactly', () => {
    expect(apportion(10, [1, 1, 1])).toEqual([4, 3, 3]);
    expect(apportion(7, [0, 2, 5])).toEqual([0, 2, 5]);
    expect(apportion(0, [1, 2])).toEqual([0, 0]);
  });
});
