// The fixed words of the domain, with no database code, so the web app shares them too.

export const ROLES = [
  'admin',
  'controller',
  'executor',
  'org_head',
  'inspector',
  'observer',
] as const;
export type Role = (typeof ROLES)[number];
export const LOCALES = ['uz-Latn', 'uz-Cyrl', 'ru', 'en'] as const;
export type Locale = (typeof LOCALES)[number];
/** How a person wants mail about assignments they are not answering for. */
export const MAIL_PREFERENCES = ['immediate', 'digest', 'none'] as const;
export type MailPreference = (typeof MAIL_PREFERENCES)[number];

export const ORG_TYPES = [
  'ministry',
  'committee',
  'agency',
  'khokimiyat',
  'association',
  'subdivision',
] as const;
export type OrgType = (typeof ORG_TYPES)[number];

/** The figures of a discipline rating, in the order tables show them (docs/ratings.md). */
export const RATING_FIELDS = [
  'due',
  'onTime',
  'late',
  'overdue',
  'overdueDays',
  'returns',
  'extensions',
  'violations',
] as const;
