/**
 * Mainland China mobile number (api-contract.md § Auth: "11-digit mainland mobile"):
 * exactly 11 digits, starting 13–19. No spaces, dashes or +86 prefix — normalise before calling.
 */
export function isMainlandMobile(phone: string): boolean {
  return /^1[3-9]\d{9}$/.test(phone);
}
