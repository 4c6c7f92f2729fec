import { useQueryClient } from '@tanstack/react-query';
import { TreeSelect } from 'antd';
import { useMemo, type CSSProperties } from 'react';
import { useTranslation } from 'react-i18next';
import type { components } from '../../schema';
import { useOrganizations, useOrgName } from '../documents/directory';

export type Organization = components['schemas']['Organization'];

/** After a change: every page's organization lists read again. */
export function useOrganizationsChanged() {
  const client = useQueryClient();
  return () => client.invalidateQueries({ queryKey: ['organizations'] });
}

export interface OrgNode {
  key: string;
  value: string;
  title: string;
  disabled?: boolean;
  children?: OrgNode[];
}

/**
 * The tree of `orgs` (those `keep` lets through), siblings in the reader's alphabetical order.
 * An organization whose parent is not kept hangs at the top, so a search shows its matches.
 */
export function buildTree(
  orgs: Organization[],
  name: (o: Organization) => string,
  lang: string,
  opts: { keep?: (o: Organization) => boolean; disable?: (o: Organization) => boolean } = {},
): OrgNode[] {
  const kept = opts.keep ? orgs.filter(opts.keep) : orgs;
  const nodes = new Map<string, OrgNode>();
  for (const o of kept) {
    nodes.set(o.id, { key: o.id, value: o.id, title: name(o), disabled: opts.disable?.(o) });
  }
  const roots: OrgNode[] = [];
  for (const o of kept) {
    const node = nodes.get(o.id) as OrgNode;
    const parent = o.parentId ? nodes.get(o.parentId) : undefined;
    if (parent) (parent.children ??= []).push(node);
    else roots.push(node);
  }
  const collator = new Intl.Collator(lang, { numeric: true });
  const sort = (list: OrgNode[]) => {
    list.sort((a, b) => collator.compare(a.title, b.title));
    for (const n of list) if (n.children) sort(n.children);
  };
  sort(roots);
  return roots;
}

/**
 * A searchable organization picker. `exclude` greys out an organization and its subtree (the
 * places it cannot be moved under).
 */
export function OrgPicker({
  exclude,
  ...props
}: {
  id?: string;
  value?: string | null;
  onChange?: (value: string | null) => void;
  exclude?: string;
  placeholder?: string;
  'aria-label'?: string;
  style?: CSSProperties;
}) {
  const { i18n } = useTranslation();
  const orgs = useOrganizations('all');
  const name = useOrgName();
  const tree = useMemo(
    () =>
      buildTree(orgs.data ?? [], name, i18n.language, {
        disable: exclude ? (o) => o.id === exclude || o.ancestors.includes(exclude) : undefined,
      }),
    [orgs.data, name, i18n.language, exclude],
  );
  return (
    <TreeSelect<string | null>
      {...props}
      onChange={(v) => props.onChange?.(v ?? null)}
      loading={orgs.isPending}
      treeData={tree}
      showSearch={{ treeNodeFilterProp: 'title' }}
      allowClear
      popupMatchSelectWidth={false}
      listHeight={320}
    />
  );
}
