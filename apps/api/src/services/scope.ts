/**
 * Who is calling and what they may reach (domain.md § Who uses it: an organizer sees and acts on their organisation's
 * subtree only). Services receive the caller and this scope as values; they never import the auth plugin.
 */
import type { Database } from '../data/database';
import { orgPath } from '../data/repos/organisations';
import type { Role } from '../data/schema';
import { notFound } from '../lib/errors';

export interface Caller {
  id: number;
  roles: Role[];
  orgId: number | null;
  /** the session the access token belongs to */
  sid?: string;
}

export function hasRole(user: Pick<Caller, 'roles'> | undefined | null, ...roles: Role[]): boolean {
  return !!user && roles.some((r) => user.roles.includes(r));
}

/** Paths cached per process: an organisation's path never changes once it exists (unions are added, never moved). */
const PATH_CACHE = 100_000;

/** "Organisation is inside my subtree" — the one check every organizer route uses. */
export class Scope {
  private readonly paths = new Map<number, string>();

  constructor(private readonly db: Database) {}

  async pathOf(orgId: number): Promise<string | undefined> {
    const cached = this.paths.get(orgId);
    if (cached !== undefined) return cached;
    const path = await orgPath(this.db.read, orgId);
    if (path) {
      if (this.paths.size >= PATH_CACHE) this.paths.clear();
      this.paths.set(orgId, path);
    }
    return path;
  }

  /** true when orgId is the user's organisation or below it; admins reach everything. */
  async contains(user: Caller, orgId: number | null | undefined): Promise<boolean> {
    if (user.roles.includes('admin')) return true;
    if (orgId == null || user.orgId == null) return false;
    const [mine, theirs] = await Promise.all([this.pathOf(user.orgId), this.pathOf(orgId)]);
    return !!mine && !!theirs && theirs.startsWith(mine);
  }

  /** true when the caller is an organizer (or admin) whose subtree holds orgId. */
  async manages(user: Caller | null | undefined, orgId: number | null | undefined): Promise<boolean> {
    return !!user && hasRole(user, 'organizer', 'admin') && (await this.contains(user, orgId));
  }

  /** The caller's subtree path prefix for range filters on organisations.path; '/' for admins. */
  async prefixFor(user: Caller): Promise<string | null> {
    if (user.roles.includes('admin')) return '/';
    if (user.orgId == null) return null;
    return (await this.pathOf(user.orgId)) ?? null;
  }

  /** Throws 404 (not 403: the contract hides what is out of scope). */
  async assert(user: Caller, orgId: number | null | undefined, entity: string): Promise<void> {
    if (!(await this.contains(user, orgId))) throw notFound(entity);
  }
}
