type OrgRow = { _id: unknown; parentId?: string | null };

/**
 * The organization tree, for "this organization and everything under it" (an org head's
 * reach) without a query: the embedded store would read every organization for it.
 */
export class OrgTree {
  private parents = new Map<string, string | null>();
  private children = new Map<string, Set<string>>();

  put(org: OrgRow): void {
    const id = String(org._id);
    this.drop(id);
    const parent = org.parentId ?? null;
    this.parents.set(id, parent);
    if (parent) {
      const siblings = this.children.get(parent) ?? new Set();
      this.children.set(parent, siblings.add(id));
    }
  }

  drop(id: string): void {
    const parent = this.parents.get(id);
    if (parent) this.children.get(parent)?.delete(id);
    this.parents.delete(id);
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
