import crypto from 'node:crypto';
import { waitUntil } from '../../lib/net';
import { addWorkingDays, defaultCalendar } from '../../workflows/calendar';
import { periodAt } from '../../workflows/periods';
import { localDate } from '../../workflows/timers';
import type { ApiClient } from './api-client';

const MINISTRIES: [key: string, latn: string, cyrl: string, ru: string][] = [
  ['mf', 'Moliya vazirligi', 'Молия вазирлиги', 'Министерство финансов'],
  [
    'mei',
    'Iqtisodiyot va moliya vazirligi',
    'Иқтисодиёт ва молия вазирлиги',
    'Министерство экономики и финансов',
  ],
  ['adliya', 'Adliya vazirligi', 'Адлия вазирлиги', 'Министерство юстиции'],
  [
    'ssv',
    'Sog‘liqni saqlash vazirligi',
    'Соғлиқни сақлаш вазирлиги',
    'Министерство здравоохранения',
  ],
  [
    'xtv',
    'Maktabgacha va maktab ta’limi vazirligi',
    'Мактабгача ва мактаб таълими вазирлиги',
    'Министерство дошкольного и школьного образования',
  ],
];

/** The 14 regions of Uzbekistan: Karakalpakstan, 12 viloyats and the city of Tashkent. */
export const REGIONS: [key: string, latn: string, ru: string][] = [
  [
    'qq',
    'Qoraqalpog‘iston Respublikasi Vazirlar Kengashi',
    'Совет Министров Республики Каракалпакстан',
  ],
  ['andijon', 'Andijon viloyati hokimligi', 'Хокимият Андижанской области'],
  ['buxoro', 'Buxoro viloyati hokimligi', 'Хокимият Бухарской области'],
  ['jizzax', 'Jizzax viloyati hokimligi', 'Хокимият Джизакской области'],
  ['qashqadaryo', 'Qashqadaryo viloyati hokimligi', 'Хокимият Кашкадарьинской области'],
  ['navoiy', 'Navoiy viloyati hokimligi', 'Хокимият Навоийской области'],
  ['namangan', 'Namangan viloyati hokimligi', 'Хокимият Наманганской области'],
  ['samarqand', 'Samarqand viloyati hokimligi', 'Хокимият Самаркандской области'],
  ['surxondaryo', 'Surxondaryo viloyati hokimligi', 'Хокимият Сурхандарьинской области'],
  ['sirdaryo', 'Sirdaryo viloyati hokimligi', 'Хокимият Сырдарьинской области'],
  ['toshvil', 'Toshkent viloyati hokimligi', 'Хокимият Ташкентской области'],
  ['fargona', 'Farg‘ona viloyati hokimligi', 'Хокимият Ферганской области'],
  ['xorazm', 'Xorazm viloyati hokimligi', 'Хокимият Хорезмской области'],
  ['toshshahar', 'Toshkent shahri hokimligi', 'Хокимият города Ташкента'],
];

const SUBDIVISIONS: [suffix: string, latn: string, ru: string][] = [
  ['moliya', 'moliya bosh boshqarmasi', 'главное финансовое управление'],
  ['iqtisod', 'iqtisodiyot bosh boshqarmasi', 'главное управление экономики'],
];

export const csvCell = (v: string) => (/[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);

/** The organization tree as rows of the CSV the registry imports (header first). */
function organizationRows(): string[][] {
  const rows = [['key', 'name', 'type', 'parentId', 'nameCyrl', 'nameRu', 'email']];
  rows.push([
    'hp',
    'Hisob palatasi',
    'committee',
    '',
    'Ҳисоб палатаси',
    'Счётная палата',
    'info@ach.gov.uz',
  ]);
  rows.push([
    'pa',
    'Prezident Administratsiyasi',
    'agency',
    '',
    'Президент Администрацияси',
    'Администрация Президента',
    '',
  ]);
  rows.push([
    'gp',
    'Bosh prokuratura',
    'agency',
    '',
    'Бош прокуратура',
    'Генеральная прокуратура',
    '',
  ]);
  for (const [key, latn, cyrl, ru] of MINISTRIES) {
    rows.push([key, latn, 'ministry', '', cyrl, ru, '']);
    rows.push([
      `${key}-dep`,
      `${latn} ijro nazorati departamenti`,
      'subdivision',
      key,
      '',
      `${ru}: департамент контроля исполнения`,
      '',
    ]);
  }
  for (const [key, latn, ru] of REGIONS) {
    rows.push([key, latn, 'khokimiyat', '', '', ru, '']);
    for (const [suffix, name, nameRu] of SUBDIVISIONS) {
      const region = latn.replace(/ hokimligi$/, '');
      rows.push([
        `${key}-${suffix}`,
        `${region} ${name}`,
        'subdivision',
        key,
        '',
        `${ru}: ${nameRu}`,
        '',
      ]);
    }
  }
  return rows;
}

interface DemoUser {
  key: string;
  fullName: string;
  roles: string[];
  org: string;
  locale: string;
}

const USERS: DemoUser[] = [
  {
    key: 'controller',
    fullName: 'Dilnoza Rahimova',
    roles: ['controller'],
    org: 'hp',
    locale: 'uz-Latn',
  },
  {
    key: 'controller2',
    fullName: 'Bahodir Tursunov',
    roles: ['controller'],
    org: 'hp',
    locale: 'ru',
  },
  {
    key: 'inspector',
    fullName: 'Jasur Qodirov',
    roles: ['inspector'],
    org: 'gp',
    locale: 'uz-Cyrl',
  },
  { key: 'observer', fullName: 'Malika Karimova', roles: ['observer'], org: 'pa', locale: 'ru' },
  { key: 'mf.head', fullName: 'Sardor Aliyev', roles: ['org_head'], org: 'mf', locale: 'uz-Latn' },
  {
    key: 'mf.executor',
    fullName: 'Gulnora Ismoilova',
    roles: ['executor'],
    org: 'mf',
    locale: 'uz-Latn',
  },
  {
    key: 'adliya.executor',
    fullName: 'Oybek Nazarov',
    roles: ['executor'],
    org: 'adliya',
    locale: 'uz-Cyrl',
  },
  {
    key: 'ssv.executor',
    fullName: 'Nigora Usmonova',
    roles: ['executor'],
    org: 'ssv',
    locale: 'ru',
  },
  {
    key: 'toshvil.head',
    fullName: 'Rustam Xolmatov',
    roles: ['org_head'],
    org: 'toshvil',
    locale: 'uz-Latn',
  },
  {
    key: 'toshvil.executor',
    fullName: 'Kamola Ergasheva',
    roles: ['executor'],
    org: 'toshvil',
    locale: 'uz-Latn',
  },
  {
    key: 'toshvil-moliya.executor',
    fullName: 'Shoxrux Yo‘ldoshev',
    roles: ['executor'],
    org: 'toshvil-moliya',
    locale: 'uz-Latn',
  },
  {
    key: 'samarqand.executor',
    fullName: 'Zarina Hamroyeva',
    roles: ['executor'],
    org: 'samarqand',
    locale: 'ru',
  },
];

export interface DemoResult {
  password: string;
  users: { email: string; roles: string[]; fullName: string }[];
  assignments: Record<string, string>;
}

/**
 * Loads the demo through the API itself, so every assignment runs as a real workflow:
 * the organization tree (ministries, the 14 regions' khokimiyats, their subdivisions), users
 * of every role sharing one generated password, and two documents with assignments in every
 * state (in execution, under review, accepted, closed, cancelled, overdue, with a pending
 * extension, under inspection, passed down, monthly with its first period's report in).
 */
export async function seedDemo(
  admin: ApiClient,
  log: (line: string) => void = () => undefined,
): Promise<DemoResult> {
  const domain = 'demo.ijro.uz';
  const password = crypto.randomBytes(9).toString('base64url');
  const loaded = await admin.call<{ total: number }>('GET', '/users?q=demo.ijro.uz&limit=1');
  if (loaded.total > 0) throw new Error('The demo is already loaded (users @demo.ijro.uz exist).');
  log('organizations…');
  const rows = organizationRows();
  const csv = rows.map((r) => r.map(csvCell).join(',')).join('\n');
  // The import answers the new ids in the order of the file's rows.
  const imported = await admin.call<{ ids: string[] }>(
    'POST',
    '/organizations/import',
    csv,
    'text/csv',
  );
  const org: Record<string, string> = Object.fromEntries(
    rows.slice(1).map((r, i) => [r[0] as string, imported.ids[i] as string]),
  );

  log('users…');
  const users: DemoResult['users'] = [];
  const as: Record<string, ApiClient> = {};
  const ids: Record<string, string> = {};
  for (const u of USERS) {
    const email = `${u.key}@${domain}`;
    const created = await admin.call<{ id: string }>('POST', '/users', {
      fullName: u.fullName,
      email,
      password,
      organizationId: org[u.org],
      roles: u.roles,
      locale: u.locale,
    });
    ids[u.key] = created.id;
    as[u.key] = await admin.login(email, password);
    users.push({ email, roles: u.roles, fullName: u.fullName });
  }

  // Heads of record, and the regional khokimiyat's officer who answers for its executions
  // until its head names someone per assignment (the rest of each organization gets the digest).
  await admin.call('PATCH', `/organizations/${org.mf}`, { headUserId: ids['mf.head'] });
  await admin.call('PATCH', `/organizations/${org.toshvil}`, {
    headUserId: ids['toshvil.head'],
    officerUserId: ids['toshvil.executor'],
  });

  log('documents and assignments…');
  const today = localDate(Date.now());
  const cal = defaultCalendar([2025, 2026, 2027, 2028]);
  const inDays = (n: number) => addWorkingDays(today, n, cal);
  // A report each month by the 10th of the next, until the end of next year.
  const until = `${Number(today.slice(0, 4)) + 1}-12-31`;
  const monthly = { every: 'month', dueDay: 10, until } as const;
  const clause = (n: number, text: string, lead: string, deadline?: string, co: string[] = []) => ({
    clause: `${n}-band`,
    text,
    leadOrgId: org[lead],
    coOrgIds: co.map((c) => org[c]),
    deadline,
    verificationChain: [ids.controller],
  });
  const controller = as.controller as ApiClient;
  const doc = await controller.call<{ id: string; assignments: { id: string }[] }>(
    'POST',
    '/documents',
    {
      kind: 'PQ',
      number: 'PQ-3962',
      title: 'Hisob palatasi faoliyatini yanada takomillashtirish chora-tadbirlari to‘g‘risida',
      signedAt: '2018-10-05',
      assignments: [
        {
          ...clause(
            1,
            'Davlat moliyaviy nazorati tizimini takomillashtirish dasturini ishlab chiqish',
            'mf',
            inDays(20),
            ['mei'],
          ),
          public: true,
        },
        clause(2, 'Hududiy investitsiya dasturlari ijrosini tahlil qilish', 'toshvil', inDays(15)),
        {
          ...clause(3, 'Normativ-huquqiy hujjatlar loyihalarini tayyorlash', 'adliya', inDays(10)),
          public: true,
        },
        clause(4, 'Byudjet mablag‘lari sarflanishi ustidan monitoring', 'mf', inDays(12)),
        {
          ...clause(
            5,
            'Tibbiyot muassasalarini jihozlash rejasini tasdiqlash',
            'ssv',
            addWorkingDays(today, -4, cal),
          ),
          public: true,
        },
        {
          ...clause(6, 'Maktablar qurilishi jadvalini ishlab chiqish', 'samarqand', inDays(8)),
          public: true,
        },
        clause(7, 'Davlat xaridlari bo‘yicha hisobot tayyorlash', 'mf', inDays(25)),
        clause(8, 'Hududiy moliya organlari faoliyatini o‘rganish', 'toshvil', inDays(18)),
        {
          ...clause(9, 'Davlat dasturi ijrosi to‘g‘risida har oylik hisobot', 'mf'),
          periodicity: monthly,
        },
      ],
    },
  );
  const [
    executing,
    review,
    accepted,
    closed,
    overdue,
    extension,
    inspection,
    passedDown,
    periodic,
  ] = doc.assignments.map((a) => a.id) as string[];
  const repealed = await controller.call<{ assignments: { id: string }[] }>('POST', '/documents', {
    kind: 'F',
    number: 'F-5210',
    title: 'Ijro intizomini mustahkamlash bo‘yicha ishchi guruh tuzish to‘g‘risida',
    signedAt: '2019-02-11',
    assignments: [clause(1, 'Ishchi guruh tarkibini tasdiqlash', 'adliya', inDays(9))],
  });
  const cancelled = repealed.assignments[0]?.id as string;
  await waitForRows(controller, [...doc.assignments.map((a) => a.id), cancelled]);

  const act = (who: string, id: string, path: string, body: unknown = {}) =>
    (as[who] as ApiClient).call<{ id?: string; status?: string }>(
      'POST',
      `/assignments/${id}${path}`,
      body,
    );
  const finalReport = (who: string, id: string) =>
    act(who, id, '/reports', {
      kind: 'final',
      text: 'Topshiriq bajarildi, hisobot ilova qilinadi.',
    });

  await act('mf.executor', executing as string, '/acknowledge');
  await finalReport('toshvil.executor', review as string);
  for (const id of [accepted, closed] as string[]) {
    const lead = id === accepted ? 'adliya.executor' : 'mf.executor';
    const report = await finalReport(lead, id);
    await act('controller', id, `/reports/${report.id}/review`, { decision: 'accept', rating: 5 });
    // The public reads the accepted assignment's report on its timeline.
    if (id === accepted)
      await act('controller', id, `/reports/${report.id}/publication`, { decision: 'publish' });
  }
  await act('controller', closed as string, '/close', { comment: 'Nazoratdan yechildi' });
  await act('controller', cancelled, '/cancel', { reason: 'Hujjat o‘z kuchini yo‘qotdi' });
  await act('samarqand.executor', extension as string, '/extension-requests', {
    proposedDeadline: inDays(30),
    reason: 'Loyiha-smeta hujjatlari ekspertizadan o‘tmoqda',
  });
  await act('inspector', inspection as string, '/inspections', {
    plannedAt: inDays(3),
    inspectorIds: [ids.inspector],
    note: 'Joyida o‘rganish rejasi',
  });
  await act('toshvil.head', passedDown as string, '/distribute', {
    targets: [{ orgId: org['toshvil-moliya'], deadline: inDays(12) }],
  });
  // The current month opens as the periodic assignment's first period; its report awaits review.
  const period = periodAt(monthly, today).key;
  await waitForPeriod(controller, periodic as string, period);
  await act('mf.executor', periodic as string, '/reports', {
    kind: 'periodic',
    period,
    text: 'Oylik hisobot: reja bo‘yicha tadbirlar bajarilmoqda.',
  });
  return {
    password,
    users,
    assignments: {
      executing,
      review,
      accepted,
      closed,
      cancelled,
      overdue,
      extension,
      inspection,
      passedDown,
      periodic,
    } as Record<string, string>,
  };
}

/** Registration answers before each workflow has written its row; lists read rows. */
async function waitForRows(client: ApiClient, ids: string[]): Promise<void> {
  await waitUntil(
    'the assignments (is the worker running?)',
    async () => {
      const found = await Promise.all(ids.map((id) => client.exists(`/assignments/${id}`)));
      if (!found.every(Boolean))
        throw new Error(`${found.filter(Boolean).length} of ${ids.length}`);
    },
    { attempts: 300, delayMs: 100 },
  );
}

/** A period opens once the periodic assignment's workflow has started it. */
async function waitForPeriod(client: ApiClient, id: string, period: string): Promise<void> {
  await waitUntil(
    `period ${period} (is the worker running?)`,
    async () => {
      const row = await client.call<{ children?: { period?: string; id: string }[] }>(
        'GET',
        `/assignments/${id}`,
      );
      const child = row.children?.find((c) => c.period === period);
      if (!child || !(await client.exists(`/assignments/${child.id}`))) throw new Error('not open');
    },
    { attempts: 300, delayMs: 100 },
  );
}
