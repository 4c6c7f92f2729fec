import { useQuery } from '@tanstack/react-query';
import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import { api, must } from './api';
import type { components } from './schema';

export type Organization = components['schemas']['Organization'];

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

/** An organization's name in the reader's script, the registry's (Latin) name where it has none. */
export function orgName(org: Organization, lng: string): string {
  if (lng === 'uz-Cyrl') return org.names?.uzCyrl ?? org.name;
  if (lng === 'ru') return org.names?.ru ?? org.name;
  return org.name;
}

/** `orgName` in the reader's language: the same function while the language stays, so a tree built with it is kept. */
export function useOrgName(): (org: Organization | undefined) => string {
  const { i18n } = useTranslation();
  const lng = i18n.language;
  return useCallback((org) => (org ? orgName(org, lng) : ''), [lng]);
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
