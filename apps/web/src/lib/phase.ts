/** Where a contest or class stands, from its dates (the API's `status` only says published/cancelled). */
import * as m from '$lib/paraglide/messages';
import type { Contest, Training } from '@gongjiang/contract';

export type Phase = 'upcoming' | 'open' | 'closed' | 'running' | 'finished' | 'cancelled';

const before = (iso: string | null | undefined, now: Date) => !!iso && now < new Date(iso);

export function contestPhase(
  c: Pick<Contest, 'status' | 'registrationOpensAt' | 'registrationClosesAt' | 'startsAt' | 'endsAt'>,
  now = new Date(),
): Phase {
  if (c.status === 'cancelled') return 'cancelled';
  if (before(c.registrationOpensAt, now)) return 'upcoming';
  if (before(c.registrationClosesAt, now)) return 'open';
  if (before(c.startsAt, now)) return 'closed';
  if (before(c.endsAt, now)) return 'running';
  return 'finished';
}

export function trainingPhase(t: Pick<Training, 'status' | 'enrolOpensAt' | 'enrolClosesAt' | 'firstSessionAt'>, now = new Date()): Phase {
  if (t.status === 'cancelled') return 'cancelled';
  if (t.status === 'completed') return 'finished';
  if (before(t.enrolOpensAt, now)) return 'upcoming';
  if (before(t.enrolClosesAt, now)) return 'open';
  if (!t.firstSessionAt || before(t.firstSessionAt, now)) return 'closed';
  return 'running';
}

export function phaseLabel(phase: Phase): string {
  return {
    upcoming: m.status_upcoming,
    open: m.status_open,
    closed: m.status_closed,
    running: m.status_running,
    finished: m.status_finished,
    cancelled: m.status_cancelled,
  }[phase]();
}

export function phaseBadge(phase: Phase): string {
  return phase === 'open' ? 'badge-green' : phase === 'upcoming' ? 'badge-blue' : phase === 'running' ? 'badge-gold' : 'badge-muted';
}
