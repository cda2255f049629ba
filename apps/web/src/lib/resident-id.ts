/** The resident-ID check in the user's words (the rule itself is the domain package's, GB 11643-1999). */
import { residentIdProblem } from '@gongjiang/domain';
import * as m from '$lib/paraglide/messages';

export function residentIdError(raw: string): string | null {
  const problem = residentIdProblem(raw);
  if (problem === null) return null;
  return problem === 'format' ? m.error_id_format() : problem === 'birthDate' ? m.error_id_birth_date() : m.error_id_checksum();
}

/** The API's VALIDATION answer about an idNumber (GB 11643 checked again there), by its field code, in the user's words. */
export function residentIdApiError(code: string): string {
  return code === 'checksum' ? m.error_id_checksum() : code === 'date' ? m.error_id_birth_date() : m.error_id_format();
}
