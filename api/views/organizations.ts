type Names = { name?: string; names?: { uzCyrl?: string | null; ru?: string | null } | null };
export type OrgRow = { _id: unknown; parentId?: string | null } & Names;

/** What the tree reads of an organization. */
export const ORG_FIELDS = { parentId: 1, name: 1, names: 1 } as const;

/**
 * The organization tree, for "this organization and everything under it" (an org head's
 * reach) without a query: the embedded store would read every organization for it. Its
 * names too, for exports that name thousands of organizations.
 */
export class OrgTree {
  private parents = new Map<string, string | null>();
  private children = new Map<string, Set<string>>();
  private names = new Map<string, Names>();

  put(org: OrgRow): void {
    const id = String(org._id);
    this.drop(id);
    const parent = org.parentId ?? null;
    this.parents.set(id, parent);
    this.names.set(id, { name: org.name, names: org.names });
    if (parent) {
      const siblings = this.children.get(parent) ?? new Set();
      this.children.set(parent, siblings.add(id));
    }
  }

  drop(id: string): void {
    const parent = this.parents.get(id);
    if (parent) this.children.get(parent)?.delete(id);
    this.parents.delete(id);
    this.names.delete(id);
  }

  /** An organization's name in a language (Uzbek in Latin script when it has none there). */
  nameOf(id: string, locale: string): string | undefined {
    const org = this.names.get(id);
    if (locale === 'ru') return org?.names?.ru ?? org?.name;
    if (locale === 'uz-Cyrl') return org?.names?.uzCyrl ?? org?.name;
    return org?.name;
  }

  has(id: string): boolean {
    return this.parents.has(id);
  }

  parentOf(id: string): string | null {
    return this.parents.get(id) ?? null;
  }

  hasChildren(id: string): boolean {
    return (this.children.get(id)?.size ?? 0) > 0;
  }

  /** An organization's ancestors, nearest first. */
  ancestorsOf(id: string): string[] {
    const out: string[] = [];
    const seen = new Set([id]);
    for (let p = this.parentOf(id); p !== null && !seen.has(p); p = this.parentOf(p)) {
      seen.add(p);
      out.push(p);
    }
    return out;
  }

  /** Ids of an organization and every organization below it. */
  subtree(id: string): string[] {
    const out: string[] = [];
    const todo = [id];
    for (let next = todo.pop(); next !== undefined; next = todo.pop()) {
      out.push(next);
      todo.push(...(this.children.get(next) ?? []));
    }
    return out;
  }
}
