import { useQuery } from '@tanstack/react-query';
import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import { api, must } from '../../api';
import type { components } from '../../schema';

type Organization = components['schemas']['Organization'];

export interface OrgNode {
  value: string;
  title: string;
  children: OrgNode[];
}

const PAGE = 5000; // the most GET /organizations answers at once

/** The registry: its active organizations (whom an assignment may name), or all of them. */
export function useOrganizations(which: 'active' | 'all') {
  const filter = which === 'active' ? { active: 'true' as const } : {};
  return useQuery({
    queryKey: ['organizations', which],
    queryFn: async () => {
      const all: Organization[] = [];
      for (let page = 1; ; page++) {
        const { items, total } = await must(
          api.GET('/organizations', { params: { query: { ...filter, limit: PAGE, page } } }),
        );
        all.push(...items);
        if (items.length === 0 || all.length >= total) return all;
      }
    },
    staleTime: 5 * 60_000,
  });
}

/** An organization's name in the reader's script, the registry's name where it has none. */
export function useOrgName(): (org: Organization | undefined) => string {
  const { i18n } = useTranslation();
  const lng = i18n.language;
  // The same function while the language stays: the tree built with it is kept.
  return useCallback(
    (org) => {
      if (!org) return '';
      if (lng === 'uz-Cyrl') return org.names?.uzCyrl ?? org.name;
      if (lng === 'ru') return org.names?.ru ?? org.name;
      return org.name;
    },
    [lng],
  );
}

/** The registry as a tree; one whose parent is not listed (inactive) is a root. */
export function orgTree(orgs: Organization[], name: (o: Organization) => string): OrgNode[] {
  const nodes = new Map(orgs.map((o) => [o.id, { value: o.id, title: name(o), children: [] }]));
  const roots: OrgNode[] = [];
  for (const o of orgs) {
    const node = nodes.get(o.id) as OrgNode;
    const parent = o.parentId ? nodes.get(o.parentId) : undefined;
    (parent ? parent.children : roots).push(node);
  }
  return roots;
}

/** Active controllers: who may be named an assignment's controller or reviewer. */
export function useControllers() {
  return useQuery({
    queryKey: ['users', 'controllers'],
    queryFn: () =>
      must(
        api.GET('/users', {
          params: { query: { role: 'controller', active: 'true', limit: 200 } },
        }),
      ),
    staleTime: 5 * 60_000,
  });
}
