import { useTranslation } from 'react-i18next';
import { useWords } from './ui';
import { useOrganization, useUser, type Organization } from './data';

/** An organization's name in the reader's script, the Latin one where it has no other. */
function localName(org: Organization, language: string): string {
  if (language === 'ru') return org.names?.ru ?? org.name;
  if (language === 'uz-Cyrl') return org.names?.uzCyrl ?? org.name;
  return org.name;
}

export function OrgName({ id }: { id: string }) {
  const { i18n } = useTranslation();
  const org = useOrganization(id).data;
  return <>{org ? localName(org, i18n.language) : '…'}</>;
}

/** A person's name; the system for automatic events, a neutral word for others' staff. */
export function UserName({ id }: { id: string | null | undefined }) {
  const w = useWords();
  const user = useUser(id ?? '');
  if (!id) return <>{w('system')}</>;
  if (user.data) return <>{user.data.fullName}</>;
  return <>{user.isError ? w('someone') : '…'}</>;
}

interface OrgNode {
  value: string;
  title: string;
  children: OrgNode[];
}

/** The active organizations below `rootId`, as a tree for a TreeSelect. */
export function treeBelow(orgs: Organization[], rootId: string, language: string): OrgNode[] {
  const below = new Map<string, Organization[]>();
  for (const o of orgs) {
    if (!o.active || !o.parentId) continue;
    below.set(o.parentId, [...(below.get(o.parentId) ?? []), o]);
  }
  const build = (id: string): OrgNode[] =>
    (below.get(id) ?? []).map((o) => ({
      value: o.id,
      title: localName(o, language),
      children: build(o.id),
    }));
  return build(rootId);
}
