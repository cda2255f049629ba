/** Words for registration modes and nomination outcomes (单位推荐), in the page's language. */
import * as m from '$lib/paraglide/messages';
import type { RegistrationMode } from '@gongjiang/domain';

export function registrationModeName(mode: RegistrationMode | string): string {
  const names: Record<string, () => string> = { open: m.nom_mode_open, nomination: m.nom_mode_nomination, both: m.nom_mode_both };
  return names[mode]?.() ?? mode;
}

/** One worker's outcome of a nomination: registered (confirmed or pending) or the refusal's code. */
export function nominationOutcomeText(item: { status?: string; code?: string }): string {
  if (item.status === 'confirmed') return m.nom_out_confirmed();
  if (item.status === 'pending') return m.nom_out_pending();
  const byCode: Record<string, () => string> = {
    NOT_ELIGIBLE: m.nom_out_not_eligible,
    ALREADY_REGISTERED: m.nom_out_already,
    QUOTA_FULL: m.nom_out_quota_full,
    PROFILE_INCOMPLETE: m.nom_out_profile,
  };
  return byCode[item.code ?? '']?.() ?? item.code ?? '';
}
