/** A worker profile is complete once it names the resident ID, the employer and the trade (the name is the account's). */
export function isProfileComplete(p: { idNumber: string | null; employerOrgId: number | null; tradeId: number | null }): boolean {
  return !!p.idNumber && p.employerOrgId != null && p.tradeId != null;
}
