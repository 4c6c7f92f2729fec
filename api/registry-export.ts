import { Organization } from '../models/organization';
import { User, type Locale } from '../models/user';
import type { ReadViews } from './views';
import type { DocumentListRow } from './views/documents';
import { dateCell, yesNo, type Column, type Table, type Words } from './table-export';

// Types, roles and kinds are written as their codes, the words the CSV imports take, so an
// exported registry can be edited and imported back.

type Sort = Record<string, 1 | -1>;

const ID: Column<{ _id?: unknown; id?: unknown }> = {
  header: { 'uz-Latn': 'ID', 'uz-Cyrl': 'ID', ru: 'ID', en: 'ID' },
  width: 26,
  cell: (r) => String(r._id ?? r.id),
};
const ACTIVE: Words = { 'uz-Latn': 'Faol', 'uz-Cyrl': 'Фаол', ru: 'Активен', en: 'Active' };
const EMAIL: Words = { 'uz-Latn': 'E-pochta', 'uz-Cyrl': 'Э-почта', ru: 'Эл. почта', en: 'Email' };

type UserRow = {
  _id: unknown;
  fullName: string;
  email: string;
  organizationId?: string | null;
  roles: string[];
  locale: string;
  active: boolean;
};

/** Users matching `filter` (already scoped to the caller), read from the database as written. */
export async function userTable(
  filter: Record<string, unknown>,
  sort: Sort,
  views: ReadViews,
  locale: Locale,
): Promise<Table<UserRow>> {
  const fields = { fullName: 1, email: 1, organizationId: 1, roles: 1, locale: 1, active: 1 };
  const org = (id: string) => views.orgs.nameOf(id, locale) ?? id;
  const columns: Column<UserRow>[] = [
    {
      header: { 'uz-Latn': 'F.I.Sh.', 'uz-Cyrl': 'Ф.И.Ш.', ru: 'Ф.И.О.', en: 'Full name' },
      width: 36,
      cell: (u) => u.fullName,
    },
    { header: EMAIL, width: 30, cell: (u) => u.email },
    {
      header: {
        'uz-Latn': 'Tashkilot',
        'uz-Cyrl': 'Ташкилот',
        ru: 'Организация',
        en: 'Organization',
      },
      width: 36,
      cell: (u) => (u.organizationId ? org(u.organizationId) : ''),
    },
    {
      header: { 'uz-Latn': 'Rollar', 'uz-Cyrl': 'Роллар', ru: 'Роли', en: 'Roles' },
      width: 24,
      cell: (u) => u.roles.join('|'),
    },
    {
      header: { 'uz-Latn': 'Til', 'uz-Cyrl': 'Тил', ru: 'Язык', en: 'Language' },
      width: 10,
      cell: (u) => u.locale,
    },
    { header: ACTIVE, width: 10, cell: (u) => yesNo(u.active, locale) },
    ID,
  ];
  return {
    name: 'users',
    action: 'user.export',
    sheet: {
      'uz-Latn': 'Foydalanuvchilar',
      'uz-Cyrl': 'Фойдаланувчилар',
      ru: 'Пользователи',
      en: 'Users',
    },
    columns,
    rows: User.find(filter, fields).sort(sort).lean<UserRow[]>().cursor(),
    total: await User.countDocuments(filter),
  };
}

type OrgRow = {
  _id: unknown;
  name: string;
  names?: { uzCyrl?: string; ru?: string };
  type: string;
  parentId?: string | null;
  email?: string;
  active: boolean;
};

/** Organizations matching `filter`, with their parents named in the reader's language. */
export async function organizationTable(
  filter: Record<string, unknown>,
  sort: Sort,
  views: ReadViews,
  locale: Locale,
): Promise<Table<OrgRow>> {
  const org = (id: string) => views.orgs.nameOf(id, locale) ?? id;
  const columns: Column<OrgRow>[] = [
    {
      header: { 'uz-Latn': 'Nomi', 'uz-Cyrl': 'Номи', ru: 'Название', en: 'Name' },
      width: 40,
      cell: (o) => o.name,
    },
    {
      header: {
        'uz-Latn': 'Nomi (kirill)',
        'uz-Cyrl': 'Номи (кирилл)',
        ru: 'Название (кириллица)',
        en: 'Name (Cyrillic)',
      },
      width: 40,
      cell: (o) => o.names?.uzCyrl ?? '',
    },
    {
      header: {
        'uz-Latn': 'Nomi (rus tilida)',
        'uz-Cyrl': 'Номи (рус тилида)',
        ru: 'Название (по-русски)',
        en: 'Name (Russian)',
      },
      width: 40,
      cell: (o) => o.names?.ru ?? '',
    },
    {
      header: { 'uz-Latn': 'Turi', 'uz-Cyrl': 'Тури', ru: 'Тип', en: 'Type' },
      width: 14,
      cell: (o) => o.type,
    },
    {
      header: {
        'uz-Latn': 'Yuqori tashkilot',
        'uz-Cyrl': 'Юқори ташкилот',
        ru: 'Вышестоящая',
        en: 'Parent',
      },
      width: 40,
      cell: (o) => (o.parentId ? org(o.parentId) : ''),
    },
    { header: EMAIL, width: 28, cell: (o) => o.email ?? '' },
    { header: ACTIVE, width: 10, cell: (o) => yesNo(o.active, locale) },
    ID,
  ];
  return {
    name: 'organizations',
    action: 'organization.export',
    sheet: {
      'uz-Latn': 'Tashkilotlar',
      'uz-Cyrl': 'Ташкилотлар',
      ru: 'Организации',
      en: 'Organizations',
    },
    columns,
    rows: Organization.find(filter).sort(sort).lean<OrgRow[]>().cursor(),
    total: await Organization.countDocuments(filter),
  };
}

/** Every registered document, newest first. */
export function documentTable(views: ReadViews): Table<DocumentListRow> {
  const text = (key: string) => (d: DocumentListRow) => String(d[key] ?? '');
  const columns: Column<DocumentListRow>[] = [
    {
      header: { 'uz-Latn': 'Raqami', 'uz-Cyrl': 'Рақами', ru: 'Номер', en: 'Number' },
      width: 14,
      cell: text('number'),
    },
    {
      header: { 'uz-Latn': 'Turi', 'uz-Cyrl': 'Тури', ru: 'Вид', en: 'Kind' },
      width: 12,
      cell: text('kind'),
    },
    {
      header: { 'uz-Latn': 'Nomi', 'uz-Cyrl': 'Номи', ru: 'Заголовок', en: 'Title' },
      width: 60,
      cell: text('title'),
    },
    {
      header: {
        'uz-Latn': 'Imzolangan',
        'uz-Cyrl': 'Имзоланган',
        ru: 'Дата подписания',
        en: 'Signed',
      },
      width: 12,
      cell: (d) => dateCell(String(d.signedAt)),
      date: true,
    },
    {
      header: { 'uz-Latn': 'Holati', 'uz-Cyrl': 'Ҳолати', ru: 'Статус', en: 'Status' },
      width: 12,
      cell: text('status'),
    },
    {
      header: {
        'uz-Latn': 'Roʻyxatga olingan',
        'uz-Cyrl': 'Рўйхатга олинган',
        ru: 'Зарегистрирован',
        en: 'Registered',
      },
      width: 12,
      cell: (d) => dateCell(String(d.createdAt)),
      date: true,
    },
    ID,
  ];
  const rows = views.documents.all();
  return {
    name: 'documents',
    action: 'document.export',
    sheet: { 'uz-Latn': 'Hujjatlar', 'uz-Cyrl': 'Ҳужжатлар', ru: 'Документы', en: 'Documents' },
    columns,
    rows,
    total: rows.length,
  };
}
