import type { Role } from './api';

/** GET /api/users (phones masked) */
export interface AccountRow {
  id: number;
  name: string;
  phone: string;
  roles: Role[];
  orgId: number | null;
  orgName: string | null;
  disabled: boolean;
}

/** The new-account form as typed (the password is never sent back to the page). */
export type NewAccountValues = { name: string; phone: string; roles: Role[]; orgId: string };
