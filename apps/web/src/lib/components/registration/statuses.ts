/** The registration desk's status filter, in the order the page lists them, and the statuses that hold or wait for a seat. */
import type { RegistrationStatus } from '@gongjiang/domain';

export const REGISTRATION_STATUSES: readonly RegistrationStatus[] = ['pending', 'confirmed', 'waitlisted', 'rejected', 'cancelled'];
export const LIVE_STATUSES: readonly RegistrationStatus[] = ['pending', 'confirmed', 'waitlisted'];
