/** What a request's authentication needs to know of its user. */
export type AuthUser = {
  _id: string;
  email: string;
  roles: string[];
  organizationId?: string | null;
  active: boolean;
  tokenVersion: number;
};

export const AUTH_FIELDS = {
  email: 1,
  roles: 1,
  organizationId: 1,
  active: 1,
  tokenVersion: 1,
} as const;

/**
 * Users and signed-out tokens, so authenticating a request reads nothing from the store: it
 * read the user and the revocation list on every request, two of its three round trips.
 * Current as of the request's start, like a read would be (`ReadViews.current`).
 */
export class PeopleView {
  private users = new Map<string, AuthUser>();
  private revoked = new Set<string>();

  put(row: Record<string, unknown>): void {
    const id = String(row._id);
    this.users.set(id, { ...(row as AuthUser), _id: id });
  }

  drop(id: string): void {
    this.users.delete(id);
  }

  revoke(tokenId: string): void {
    this.revoked.add(tokenId);
  }

  user(id: string): AuthUser | undefined {
    return this.users.get(id);
  }

  isRevoked(tokenId: string): boolean {
    return this.revoked.has(tokenId);
  }
}
