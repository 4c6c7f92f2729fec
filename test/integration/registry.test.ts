import { AuditEvent } from '../../models/audit';
import { Organization } from '../../models/organization';
import { User } from '../../models/user';
import { useStack } from '../support/stack';

const stack = useStack();
let admin: { id: string; token: string };
beforeAll(async () => {
  admin = await stack().addUser(['admin']);
});

const api = (method: string, path: string, opts: { body?: unknown; csv?: string } = {}) =>
  stack().call(method, `/api/v1${path}`, { token: admin.token, ...opts });
const counts = async () => [await Organization.countDocuments(), await User.countDocuments()];

async function createOrg(name: string, parentId?: string) {
  const res = await api('POST', '/organizations', {
    body: { name, type: parentId ? 'subdivision' : 'ministry', ...(parentId ? { parentId } : {}) },
  });
  expect(res.status).toBe(201);
  return res.body as { id: string; ancestors: string[] };
}

describe('organizations', () => {
  it('keeps the tree: a child knows its ancestors, and a move carries the subtree along', async () => {
    const m = await createOrg('Moliya vazirligi');
    const a = await createOrg('G‘aznachilik', m.id);
    const s = await createOrg('Hududiy bo‘lim', a.id);
    expect(s.ancestors).toEqual([m.id, a.id]);
    const other = await createOrg('Iqtisodiyot vazirligi');

    const moved = await api('PATCH', `/organizations/${a.id}`, { body: { parentId: other.id } });
    expect(moved.status).toBe(200);
    expect(moved.body).toMatchObject({ parentId: other.id, ancestors: [other.id] });
    expect((await Organization.findById(s.id).lean())?.ancestors).toEqual([other.id, a.id]);

    const under = await api('GET', `/organizations?under=${other.id}`);
    expect(under.body.items.map((o: { id: string }) => o.id).sort()).toEqual(
      [other.id, a.id, s.id].sort(),
    );
    const audit = await AuditEvent.findOne({
      subject: `organization:${a.id}`,
      action: 'organization.update',
    });
    expect(audit?.before).toMatchObject({ parentId: m.id });
    expect(audit?.after).toMatchObject({ parentId: other.id });
  });

  it('when a move would make a cycle, then 422 and the tree is unchanged', async () => {
    const m = await createOrg('Vazirlik');
    const a = await createOrg('Qo‘mita', m.id);
    const s = await createOrg('Bo‘lim', a.id);
    const before = await Organization.find().sort({ _id: 1 }).lean();
    for (const parentId of [s.id, a.id, m.id]) {
      const res = await api('PATCH', `/organizations/${m.id}`, { body: { parentId } });
      expect(res.status).toBe(422);
      expect(res.body.detail).toMatch(/cycle|own parent/);
    }
    expect(await Organization.find().sort({ _id: 1 }).lean()).toEqual(before);
  });

  it('refuses bad input with 400/422 and changes nothing', async () => {
    const before = await counts();
    const cases: [unknown, number][] = [
      [{ name: 'X', type: 'galaxy' }, 400],
      [{ name: '', type: 'ministry' }, 400],
      [{ name: 'X', type: 'ministry', color: 'red' }, 400],
      [{ name: 'X', type: 'ministry', parentId: { $ne: null } }, 400],
      [{ name: 'X', type: 'ministry', parentId: '5f0000000000000000000000' }, 422],
      [{ name: 'X', type: 'ministry', email: 'not-an-email' }, 400],
    ];
    for (const [body, status] of cases) {
      const res = await api('POST', '/organizations', { body });
      expect({ body, status: res.status }).toEqual({ body, status });
    }
    expect(
      (await api('PATCH', '/organizations/5f0000000000000000000000', { body: { name: 'Y' } }))
        .status,
    ).toBe(404);
    expect(await counts()).toEqual(before);
  });

  it('sets a head only from the organization’s own active users', async () => {
    const org = await createOrg('Hokimlik');
    const outsider = await stack().addUser(['executor'], (await createOrg('Boshqa')).id);
    const insider = await stack().addUser(['org_head'], org.id);
    const bad = await api('PATCH', `/organizations/${org.id}`, {
      body: { headUserId: outsider.id },
    });
    expect(bad.status).toBe(422);
    const good = await api('PATCH', `/organizations/${org.id}`, {
      body: { headUserId: insider.id },
    });
    expect(good.body.headUserId).toBe(insider.id);
  });

  it('imports a whole tree from CSV, parents by key or by id', async () => {
    const root = await createOrg('Respublika');
    const csv = [
      'key,name,type,parentId,nameCyrl,nameRu,email',
      `tosh,Toshkent viloyati hokimligi,khokimiyat,${root.id},Тошкент вилояти ҳокимлиги,Хокимият Ташкентской области,info@tosh.uz`,
      'chir,Chirchiq shahar hokimligi,khokimiyat,tosh,,,',
      'moliya,"Moliya bo‘limi, Chirchiq",subdivision,chir,,,',
    ].join('\n');
    const res = await api('POST', '/organizations/import', { csv });
    expect(res.status).toBe(201);
    expect(res.body.imported).toBe(3);
    const moliya = await Organization.findOne({ name: 'Moliya bo‘limi, Chirchiq' }).lean();
    const chir = await Organization.findOne({ name: 'Chirchiq shahar hokimligi' }).lean();
    const tosh = await Organization.findOne({ name: 'Toshkent viloyati hokimligi' }).lean();
    expect(tosh?.names).toMatchObject({ uzCyrl: 'Тошкент вилояти ҳокимлиги' });
    expect(moliya?.ancestors).toEqual([root.id, String(tosh?._id), String(chir?._id)]);
  });

  it('when any row is bad, then nothing is imported and every bad row is named with its line', async () => {
    const before = await counts();
    const csv = [
      'key,name,type,parentId,email',
      'a,Yaxshi qator,ministry,,',
      'b,,agency,a,',
      'c,Noma’lum turi,planet,a,',
      'd,Yo‘q ota,agency,nonexistent,',
      'a,Takror kalit,agency,,',
      'e,Yomon pochta,agency,a,pochta',
      'x,Aylana 1,agency,y,',
      'y,Aylana 2,agency,x,',
      'z,Ortiqcha,agency,a,,extra',
    ].join('\n');
    const res = await api('POST', '/organizations/import', { csv });
    expect(res.status).toBe(422);
    const lines = res.body.errors.map((e: { line: number }) => e.line);
    expect([...new Set(lines)]).toEqual([3, 4, 5, 6, 7, 8, 9, 10]);
    expect(res.body.detail).toMatch(/Nothing was imported/);
    expect(await counts()).toEqual(before);
  });

  it('refuses a file with an unknown header or sent as JSON', async () => {
    const before = await counts();
    const wrongHeader = await api('POST', '/organizations/import', {
      csv: 'name,kind\nA,ministry\n',
    });
    expect(wrongHeader.status).toBe(422);
    expect(wrongHeader.body.detail).toMatch(/missing: type; unknown: kind/);
    const json = await api('POST', '/organizations/import', { body: { name: 'A' } });
    expect(json.status).toBe(415);
    const broken = await api('POST', '/organizations/import', { csv: 'name,type\n"A,ministry\n' });
    expect(broken.status).toBe(422);
    expect(await counts()).toEqual(before);
  });

  it('lists with search, type and paging; total counts all matches', async () => {
    const root = await createOrg('Qidiruv vazirligi');
    for (const n of ['Alfa', 'Beta', 'Gamma']) await createOrg(`Qidiruv ${n}`, root.id);
    const page = await api('GET', `/organizations?parentId=${root.id}&limit=2&page=2`);
    expect(page.body.total).toBe(3);
    expect(page.body.items.map((o: { name: string }) => o.name)).toEqual(['Qidiruv Gamma']);
    const search = await api('GET', '/organizations?q=qidiruv%20b');
    expect(search.body.items.map((o: { name: string }) => o.name)).toEqual(['Qidiruv Beta']);
    const regex = await api('GET', `/organizations?q=${encodeURIComponent('.*')}`);
    expect(regex.body.total).toBe(0);
  });
});

describe('users', () => {
  let org: string;
  beforeAll(async () => {
    org = (await createOrg('Adliya vazirligi')).id;
  });

  it('creates a user with an argon2id hash that can sign in; the hash is never answered', async () => {
    const res = await api('POST', '/users', {
      body: {
        fullName: 'Aziza Karimova',
        email: 'Aziza@Adliya.UZ',
        password: 'kuchli-parol-2019',
        organizationId: org,
        roles: ['executor'],
        locale: 'uz-Cyrl',
      },
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ email: 'aziza@adliya.uz', roles: ['executor'] });
    expect(res.body.passwordHash).toBeUndefined();
    const stored = await User.findById(res.body.id).select('+passwordHash').lean();
    expect(stored?.passwordHash).toMatch(/^\$argon2id\$/);
    const token = await stack().login('aziza@adliya.uz', 'kuchli-parol-2019');
    const me = await stack().call('GET', '/api/v1/me', { token });
    expect(me.body).toMatchObject({
      roles: ['executor'],
      organization: { id: org, name: 'Adliya vazirligi' },
    });
  });

  it('refuses bad users with a clear 4xx and changes nothing', async () => {
    const base = {
      fullName: 'Test',
      email: 'test-user@adliya.uz',
      password: 'kuchli-parol-2019',
      organizationId: org,
      roles: ['executor'],
    };
    await api('POST', '/users', { body: base });
    const before = await counts();
    const cases: [Record<string, unknown>, number][] = [
      [{ ...base, email: 'other@adliya.uz', password: 'short' }, 400],
      [{ ...base, email: 'other@adliya.uz', roles: ['king'] }, 400],
      [{ ...base, email: 'other@adliya.uz', roles: [] }, 400],
      [{ ...base, email: 'other@adliya.uz', roles: ['executor', 'executor'] }, 400],
      [{ ...base, email: 'other@adliya.uz', admin: true }, 400],
      [{ ...base, email: 'other@adliya.uz', organizationId: undefined }, 422],
      [{ ...base, email: 'other@adliya.uz', organizationId: '5f0000000000000000000000' }, 422],
      [{ ...base, email: 'TEST-USER@adliya.uz' }, 409],
    ];
    for (const [body, status] of cases) {
      const res = await api('POST', '/users', { body });
      expect({ body, status: res.status }).toEqual({ body, status });
      expect(res.type).toContain('application/problem+json');
    }
    expect(await counts()).toEqual(before);
  });

  it('lets an admin set a password; the user signs in with it and old tokens end', async () => {
    const user = await stack().addUser(['executor'], org);
    const res = await api('PATCH', `/users/${user.id}`, { body: { password: 'yangi-parol-2026' } });
    expect(res.status).toBe(200);
    expect((await stack().call('GET', '/api/v1/me', { token: user.token })).status).toBe(401);
    expect(await stack().login(user.email, 'yangi-parol-2026')).toBeTruthy();
    const event = await AuditEvent.findOne({
      subject: `user:${user.id}`,
      action: 'user.update',
      detail: 'changed: password',
    }).lean();
    expect(event).toBeTruthy();
    expect(JSON.stringify(event)).not.toContain('yangi-parol');
  });

  it('keeps at least one active admin', async () => {
    const admins = await User.find({ roles: 'admin', active: true }, { _id: 1 }).lean();
    const last = admin.id;
    const others = admins.map((a) => String(a._id)).filter((id) => id !== last);
    for (const id of others) await User.updateOne({ _id: id }, { $set: { active: false } });
    try {
      for (const body of [{ active: false }, { roles: ['observer'] }]) {
        const res = await api('PATCH', `/users/${last}`, { body });
        expect(res.status).toBe(409);
      }
      expect(await User.exists({ _id: last, roles: 'admin', active: true })).toBeTruthy();
    } finally {
      for (const id of others) await User.updateOne({ _id: id }, { $set: { active: true } });
    }
  });

  it('imports users all or nothing, naming every bad line', async () => {
    const before = await counts();
    const bad = [
      'fullName,email,organizationId,roles,locale',
      `Ali Valiyev,ali@adliya.uz,${org},executor|org_head,uz-Latn`,
      `Dup,ali@adliya.uz,${org},executor,ru`,
      `Yo‘q tashkilot,x@adliya.uz,5f0000000000000000000000,executor,ru`,
      `Yomon rol,y@adliya.uz,${org},king,ru`,
      `Tashkilotsiz,z@adliya.uz,,executor,ru`,
      `Mavjud,test-user@adliya.uz,${org},observer,ru`,
      `Yomon til,w@adliya.uz,${org},observer,fr`,
    ].join('\n');
    const res = await api('POST', '/users/import', { csv: bad });
    expect(res.status).toBe(422);
    expect([...new Set(res.body.errors.map((e: { line: number }) => e.line))]).toEqual([
      3, 4, 5, 6, 7, 8,
    ]);
    expect(await counts()).toEqual(before);

    const good = [
      'fullName,email,organizationId,roles,locale',
      `Ali Valiyev,ali@adliya.uz,${org},executor|org_head,uz-Latn`,
      'Nodira Yusupova,nodira@palata.uz,,observer,ru',
    ].join('\n');
    const ok = await api('POST', '/users/import', { csv: good });
    expect(ok.status).toBe(201);
    expect(await User.findOne({ email: 'ali@adliya.uz' }).lean()).toMatchObject({
      roles: ['executor', 'org_head'],
      organizationId: org,
    });
    // No password yet: nobody can sign in as an imported user until an admin sets one.
    const login = await stack().call('POST', '/api/v1/auth/login', {
      body: { email: 'ali@adliya.uz', password: '' },
    });
    expect(login.status).toBe(400);
    const guess = await stack().call('POST', '/api/v1/auth/login', {
      body: { email: 'ali@adliya.uz', password: 'anything-at-all' },
    });
    expect(guess.status).toBe(401);
  });

  it('scopes the user list: an executor sees their organization, an org head the subtree', async () => {
    const top = await createOrg('Yuqori');
    const low = await createOrg('Quyi', top.id);
    const side = await createOrg('Yon');
    const head = await stack().addUser(['org_head'], top.id);
    const exec = await stack().addUser(['executor'], top.id);
    const lowUser = await stack().addUser(['executor'], low.id);
    const sideUser = await stack().addUser(['executor'], side.id);
    const ids = async (token: string) =>
      (await stack().call('GET', '/api/v1/users?limit=200', { token })).body.items.map(
        (u: { id: string }) => u.id,
      );
    const byHead = await ids(head.token);
    expect(byHead).toEqual(expect.arrayContaining([head.id, exec.id, lowUser.id]));
    expect(byHead).not.toContain(sideUser.id);
    const byExec = await ids(exec.token);
    expect(byExec.sort()).toEqual([head.id, exec.id].sort());
    const count = await stack().call('GET', '/api/v1/users', { token: exec.token });
    expect(count.body.total).toBe(2);
  });
});
