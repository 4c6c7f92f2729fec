import { useTranslation } from 'react-i18next';
import { buildTree, orgName, type OrgNode } from '../../orgs';
import { useWords } from './ui';
import { useOrganization, useUser, type Organization } from './data';

export function OrgName({ id }: { id: string }) {
  const { i18n } = useTranslation();
  const org = useOrganization(id).data;
  return <>{org ? orgName(org, i18n.language) : '…'}</>;
}

/** A person's name; the system for automatic events, a neutral word for others' staff. */
export function UserName({ id }: { id: string | null | undefined }) {
  const w = useWords();
  const user = useUser(id ?? '');
  if (!id) return <>{w('system')}</>;
  if (user.data) return <>{user.data.fullName}</>;
  return <>{user.isError ? w('someone') : '…'}</>;
}

/** The active organizations below `rootId`, as a tree for a TreeSelect. */
export function treeBelow(orgs: Organization[], rootId: string, language: string): OrgNode[] {
  const below = (o: Organization) => o.active && o.ancestors.includes(rootId);
  return buildTree(orgs, (o) => orgName(o, language), language, { keep: below });
}
