/** Role-aware navigation (worker: 比赛/培训/我的报名/个人资料; organizer: + 管理; judge: 评分; admin: 管理). */
import * as m from '$lib/paraglide/messages';
import type { Role } from '@gongjiang/domain';
import type { IconName } from '$lib/components/Icon.svelte';
import type { RouteId } from '$app/types';

export interface NavItem {
  /** a route without parameters; rendered through `resolve()` */
  href: Extract<RouteId, '/' | '/contests' | '/trainings' | '/me/registrations' | '/me/skills' | '/profile' | '/judging' | '/admin'>;
  label: string;
  icon: IconName;
}

export function navItems(roles: readonly Role[] | undefined): NavItem[] {
  const has = (r: Role) => !!roles?.includes(r);
  const items: NavItem[] = [
    { href: '/', label: m.nav_home(), icon: 'home' },
    { href: '/contests', label: m.nav_contests(), icon: 'trophy' },
    { href: '/trainings', label: m.nav_trainings(), icon: 'book' },
  ];
  if (has('worker')) {
    items.push({ href: '/me/registrations', label: m.nav_registrations(), icon: 'list' });
    items.push({ href: '/me/skills', label: m.skills_nav(), icon: 'award' });
    items.push({ href: '/profile', label: m.nav_profile(), icon: 'user' });
  }
  if (has('judge')) items.push({ href: '/judging', label: m.nav_judging(), icon: 'gavel' });
  if (has('organizer') || has('admin')) items.push({ href: '/admin', label: m.nav_admin(), icon: 'settings' });
  return items;
}

/**
 * Where a login without a destination lands: an organizer's or admin's workspace (管理), a judge's events (评分), a
 * worker's home page.
 */
export function workspaceOf(roles: readonly Role[]): '/admin' | '/judging' | '/' {
  if (roles.includes('organizer') || roles.includes('admin')) return '/admin';
  if (roles.includes('judge')) return '/judging';
  return '/';
}

/** The current item: exact for home, by prefix for sections. */
export function isCurrent(href: string, pathname: string): boolean {
  return href === '/' ? pathname === '/' : pathname === href || pathname.startsWith(`${href}/`);
}
