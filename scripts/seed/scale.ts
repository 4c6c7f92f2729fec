import type { OrgType } from '../../models/organization';
import type { Locale, Role } from '../../models/user';
import { addDays } from '../../workflows/calendar';
import { REGIONS } from './demo';
import {
  ACTIONS,
  CENTRAL,
  DEPARTMENTS,
  DISTRICTS,
  FIRST_F,
  FIRST_M,
  ROOTS,
  SURNAMES,
  TOPICS,
} from './scale-data';

/** ijro.gov.uz in January 2019 (SPEC, first paragraph). */
export const SCALE_2019 = {
  organizations: 3105,
  users: 17539,
  documents: 3024,
  assignments: 25238,
};

export const SCALE_DOMAIN = 'scale.ijro.uz';

export type Level = 'root' | 'central' | 'region' | 'district' | 'department';

export interface PlanOrg {
  key: string;
  name: string;
  nameRu?: string;
  type: OrgType;
  /** Key of the parent; parents come before their children in `ScalePlan.orgs`. */
  parent: string | null;
  level: Level;
}

export interface PlanUser {
  key: string;
  fullName: string;
  email: string;
  org: string;
  roles: Role[];
  locale: Locale;
}

export interface PlanAssignment {
  clause: string;
  text: string;
  lead: string;
  co: string[];
  deadline: string;
  public: boolean;
}

export interface PlanDocument {
  kind: 'PF' | 'PQ' | 'F' | 'protocol' | 'instruction';
  number: string;
  title: string;
  signedAt: string;
  /** Key of the controlling user, who also reviews (a chain of one level). */
  controller: string;
  assignments: PlanAssignment[];
}

export interface ScalePlan {
  orgs: PlanOrg[];
  users: PlanUser[];
  documents: PlanDocument[];
}

/** mulberry32: small, fast and the same on every machine, so runs are comparable. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Splits `total` in proportion to `weights` (largest remainder), so the parts sum exactly. */
export function apportion(total: number, weights: number[]): number[] {
  const sum = weights.reduce((s, w) => s + w, 0);
  if (total <= 0 || sum <= 0) return weights.map(() => 0);
  const exact = weights.map((w) => (total * w) / sum);
  const parts = exact.map(Math.floor);
  let left = total - parts.reduce((s, p) => s + p, 0);
  const order = exact.map((e, i) => [e - Math.floor(e), i] as const).sort((x, y) => y[0] - x[0]);
  for (const [, i] of order) {
    if (left-- <= 0) break;
    parts[i] = (parts[i] as number) + 1;
  }
  return parts;
}

/** Departments per parent, relative: a region's apparatus is larger than a district's. */
const DEPARTMENT_WEIGHT: Partial<Record<Level, number>> = { central: 10, region: 14, district: 9 };

const scaled = (n: number, fraction: number) => Math.max(1, Math.round(n * fraction));

/**
 * The organization tree: the controlling and observing roots, central bodies, the regions'
 * khokimiyats, their districts and cities, and departments under all of those. At small
 * fractions the skeleton (3 roots, a body, a region, a district) stays whole; departments
 * take up the rest of the count.
 */
function organizations(fraction: number): PlanOrg[] {
  const orgs: PlanOrg[] = ROOTS.map(([key, name, type, nameRu]) => ({
    key,
    name,
    nameRu,
    type,
    parent: null,
    level: 'root',
  }));
  CENTRAL.slice(0, Math.min(CENTRAL.length, scaled(CENTRAL.length, fraction))).forEach(
    ([name, type, nameRu], i) =>
      orgs.push({ key: `c${i + 1}`, name, nameRu, type, parent: null, level: 'central' }),
  );
  const regions = REGIONS.slice(0, Math.min(REGIONS.length, scaled(REGIONS.length, fraction)));
  const sizes = DISTRICTS.slice(0, regions.length).map(([d, c]) => d + c);
  const total = sizes.reduce((s, n) => s + n, 0);
  const perRegion = apportion(Math.min(total, scaled(200, fraction)), sizes);
  regions.forEach(([key, name, nameRu], r) => {
    orgs.push({ key, name, nameRu, type: 'khokimiyat', parent: null, level: 'region' });
    const base = name.replace(/ (hokimligi|Vazirlar Kengashi)$/, '');
    const [districts] = DISTRICTS[r] as [number, number];
    for (let i = 0; i < (perRegion[r] as number); i++) {
      const city = i >= districts;
      const n = city ? i - districts + 1 : i + 1;
      orgs.push({
        key: `${key}-${city ? 's' : 't'}${n}`,
        name: `${base} ${n}-${city ? 'shahar' : 'tuman'} hokimligi`,
        type: 'khokimiyat',
        parent: key,
        level: 'district',
      });
    }
  });
  const parents = orgs.filter((o) => DEPARTMENT_WEIGHT[o.level]);
  const wanted = Math.round(SCALE_2019.organizations * fraction) - orgs.length;
  const counts = apportion(
    wanted,
    parents.map((p) => DEPARTMENT_WEIGHT[p.level] as number),
  );
  parents.forEach((p, i) => {
    for (let d = 0; d < (counts[i] as number); d++) {
      const round = Math.floor(d / DEPARTMENTS.length);
      orgs.push({
        key: `${p.key}-d${d + 1}`,
        name: `${p.name} ${DEPARTMENTS[d % DEPARTMENTS.length]}${round ? ` ${round + 1}` : ''}`,
        type: 'subdivision',
        parent: p.key,
        level: 'department',
      });
    }
  });
  return orgs;
}

/** Executors per organization, relative: a ministry has more than a district department. */
const EXECUTOR_WEIGHT: Record<Level, number> = {
  root: 0,
  central: 12,
  region: 10,
  district: 5,
  department: 3,
};

/**
 * Users: controllers (the Accounts Chamber), inspectors, observers (the Presidential
 * Administration), one head per organization and executors for the rest, at least one in
 * every executing organization.
 */
function users(orgs: PlanOrg[], fraction: number, rnd: () => number): PlanUser[] {
  const pick = <T>(list: T[]) => list[Math.floor(rnd() * list.length)] as T;
  const out: PlanUser[] = [];
  const add = (role: Role, org: string, n: number) => {
    const female = rnd() < 0.45;
    const r = rnd();
    const prefix = role === 'org_head' ? 'head' : role;
    out.push({
      key: `${prefix}.${n}`,
      fullName: `${pick(female ? FIRST_F : FIRST_M)} ${pick(SURNAMES)}${female ? 'a' : ''}`,
      email: `${prefix}.${n}@${SCALE_DOMAIN}`,
      org,
      roles: [role],
      locale: r < 0.7 ? 'uz-Latn' : r < 0.85 ? 'uz-Cyrl' : 'ru',
    });
  };
  const staff: [Role, string[], number][] = [
    ['controller', ['hp'], 60],
    ['inspector', ['gp', 'hp'], 24],
    ['observer', ['pa'], 12],
  ];
  for (const [role, homes, n] of staff)
    for (let i = 1; i <= scaled(n, fraction); i++)
      add(role, homes[(i - 1) % homes.length] as string, i);
  orgs.forEach((o, i) => add('org_head', o.key, i + 1));
  const executing = orgs.filter((o) => EXECUTOR_WEIGHT[o.level] > 0);
  const executors = Math.round(SCALE_2019.users * fraction) - out.length;
  const floor = executors >= executing.length ? 1 : 0;
  const extra = apportion(
    executors - floor * executing.length,
    executing.map((o) => EXECUTOR_WEIGHT[o.level]),
  );
  let n = 0;
  executing.forEach((o, i) => {
    for (let k = 0; k < floor + (extra[i] as number); k++) add('executor', o.key, ++n);
  });
  return out;
}

const KINDS: [PlanDocument['kind'], number][] = [
  ['PF', 0.15],
  ['PQ', 0.45],
  ['F', 0.25],
  ['protocol', 0.1],
  ['instruction', 0.05],
];
/** Who leads presidential assignments: mostly central bodies and regions. */
const LEAD_SHARE: [Level, number][] = [
  ['central', 0.4],
  ['region', 0.3],
  ['district', 0.2],
  ['department', 0.1],
];

const capital = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

function weighted<T>(rnd: () => number, options: [T, number][]): T {
  const sum = options.reduce((s, [, w]) => s + w, 0);
  let r = rnd() * sum;
  for (const [value, w] of options) if ((r -= w) < 0) return value;
  return (options[options.length - 1] as [T, number])[0];
}

/**
 * Documents with their assignments: sizes vary (most documents have a few clauses, some
 * dozens), deadlines spread over the next months with a few already past (overdue at once),
 * a quarter with co-executors, a tenth public.
 */
function documents(
  orgs: PlanOrg[],
  controllers: string[],
  fraction: number,
  today: string,
  rnd: () => number,
): PlanDocument[] {
  const count = scaled(SCALE_2019.documents, fraction);
  const total = Math.max(count, Math.round(SCALE_2019.assignments * fraction));
  const sizes = apportion(
    total - count,
    Array.from({ length: count }, () => -Math.log(1 - rnd())),
  );
  const byLevel = new Map<Level, string[]>();
  for (const o of orgs) byLevel.set(o.level, [...(byLevel.get(o.level) ?? []), o.key]);
  const pools = LEAD_SHARE.flatMap(([level, w]) => {
    const keys = byLevel.get(level) ?? [];
    return keys.length ? [[keys, w] as [string[], number]] : [];
  });
  const org = () => {
    const keys = weighted(rnd, pools);
    return keys[Math.floor(rnd() * keys.length)] as string;
  };
  return sizes.map((extra, d) => {
    const kind = weighted(rnd, KINDS);
    const topic = TOPICS[Math.floor(rnd() * TOPICS.length)] as string;
    const assignments = Array.from({ length: extra + 1 }, (_, i): PlanAssignment => {
      const lead = org();
      const co = new Set<string>();
      if (rnd() < 0.25) for (let k = 1 + Math.floor(rnd() * 3); k > 0; k--) co.add(org());
      co.delete(lead);
      const overdue = rnd() < 0.03;
      const days = overdue ? -1 - Math.floor(rnd() * 30) : 14 + Math.floor(rnd() * 180);
      return {
        clause: `${i + 1}-band`,
        text: `${capital(TOPICS[Math.floor(rnd() * TOPICS.length)] as string)} ${ACTIONS[Math.floor(rnd() * ACTIONS.length)]}`,
        lead,
        co: [...co],
        deadline: addDays(today, days),
        public: rnd() < 0.1,
      };
    });
    return {
      kind,
      number: `${kind === 'protocol' ? 'B' : kind === 'instruction' ? 'T' : kind}-${5000 + d}`,
      title: `${capital(topic)} to‘g‘risida`,
      signedAt: addDays('2017-01-02', Math.floor(rnd() * 700)),
      controller: controllers[d % controllers.length] as string,
      assignments,
    };
  });
}

/** The whole 2019 scale, or `fraction` of every count; the same seed gives the same plan. */
export function scalePlan(opts: { fraction: number; seed: number; today: string }): ScalePlan {
  if (!(opts.fraction > 0 && opts.fraction <= 1))
    throw new Error(`fraction must be in (0, 1], not ${opts.fraction}`);
  const rnd = prng(opts.seed);
  const orgs = organizations(opts.fraction);
  const people = users(orgs, opts.fraction, rnd);
  const controllers = people.filter((u) => u.roles.includes('controller')).map((u) => u.key);
  return {
    orgs,
    users: people,
    documents: documents(orgs, controllers, opts.fraction, opts.today, rnd),
  };
}
