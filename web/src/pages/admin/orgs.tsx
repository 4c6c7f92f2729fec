import { useQueryClient } from '@tanstack/react-query';
import { TreeSelect } from 'antd';
import { useMemo, type CSSProperties } from 'react';
import { useTranslation } from 'react-i18next';
import { buildTree, useOrganizations, useOrgName } from '../../orgs';

/** After a change: every page's organization lists read again. */
export function useOrganizationsChanged() {
  const client = useQueryClient();
  return () => client.invalidateQueries({ queryKey: ['organizations'] });
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
