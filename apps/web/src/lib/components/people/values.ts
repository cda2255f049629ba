import type { Role } from '@gongjiang/domain';

/** The new-account form as typed (the password is never sent back to the page). */
export type NewAccountValues = { name: string; phone: string; roles: Role[]; orgId: string };

/** The identity-correction form of one worker (PATCH /api/workers/:id/identity) as typed, and its outcome. */
export type IdentityCorrectionValues = { name: string; idNumber: string; reason: string };
export type IdentityCorrectionResult = {
  id: number;
  /** the confirmation after a correction */
  done: string | null;
  /** a refusal not about one field */
  message: string | null;
  errors: Record<string, string>;
  values: IdentityCorrectionValues;
};
