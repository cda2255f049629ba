import { birthDateFromResidentId, genderFromResidentId, maskResidentId, normalizeResidentId, residentIdProblem } from '@gongjiang/domain';
import type { Database, Handle, Tx } from '../data/database';
import { identityOnRecord, nameAndIdNumber, profileRow, saveProfile, updateUserRow, type UserRow } from '../data/repos/accounts';
import { conflict, validation } from '../lib/errors';
import type { AuditTrail } from './audit';

/** A resident ID as stored (upper-case X), or 400 VALIDATION naming the field and what is wrong (GB 11643). */
export function checkedResidentId(raw: string, field = 'idNumber'): string {
  const idNumber = normalizeResidentId(raw);
  const problem = residentIdProblem(idNumber);
  if (!problem) return idNumber;
  const why =
    problem === 'checksum'
      ? 'checksum does not match'
      : problem === 'birthDate'
        ? 'birth date is not valid'
        : 'must be 18 characters (17 digits and a digit or X)';
  throw validation(`${field}: ${why}`, field, problem === 'checksum' ? 'checksum' : problem === 'birthDate' ? 'date' : 'format');
}

/**
 * A worker's identity on record (api-contract.md § Identity and sessions: "Identity is frozen once it is on record"):
 * once the worker has a published result, a certificate or a promotion, their name and resident ID are what those
 * records were made for. The worker can no longer change them; an organizer corrects them, with a reason, audited.
 */
export class WorkerIdentityService {
  constructor(
    private readonly db: Database,
    private readonly audit: AuditTrail,
  ) {}

  /** true once a published result, a certificate or a promotion names the worker */
  isLocked(userId: number, h: Handle = this.db.read): Promise<boolean> {
    return identityOnRecord(h, userId);
  }

  /**
   * PUT /api/me/profile, inside its transaction (the worker locked): 409 IDENTITY_LOCKED when a locked name or resident
   * ID would change.
   */
  async assertUnchangedIfLocked(t: Tx, userId: number, next: { name: string; idNumber: string }): Promise<void> {
    const now = await nameAndIdNumber(t, userId);
    if (!now) return;
    const changes = now.name !== next.name.trim() || (now.idNumber ?? null) !== next.idNumber;
    if (changes && (await this.isLocked(userId, t))) throw conflict('IDENTITY_LOCKED');
  }

  /**
   * PATCH /api/workers/:id/identity — an organizer's correction (the route checks who may). Audited as
   * worker.identity_correct with the changed fields old → new (resident IDs masked, as every list shows them) and the
   * reason. Certificates and promotion records keep what they were issued with. The worker is the lock root.
   */
  async correct(target: UserRow, patch: { name?: string; idNumber?: string }, reason: string, actorId: number) {
    const idNumber = patch.idNumber !== undefined ? checkedResidentId(patch.idNumber) : undefined;
    const name = patch.name?.trim();
    try {
      return await this.db.tx(async (t) => {
        await t.lock('users', target.id);
        const current = await nameAndIdNumber(t, target.id);
        const profile = await profileRow(t, target.id);
        const before = { name: current?.name ?? target.name, idNumber: profile?.idNumber ?? null };
        const after = { name: name ?? before.name, idNumber: idNumber ?? before.idNumber };
        if (after.name !== before.name) await updateUserRow(t, target.id, { name: after.name });
        if (after.idNumber !== before.idNumber && after.idNumber) {
          const derived = {
            idNumber: after.idNumber,
            birthDate: birthDateFromResidentId(after.idNumber),
            gender: genderFromResidentId(after.idNumber),
          };
          await saveProfile(t, target.id, derived, !!profile);
        }
        const changed = (['name', 'idNumber'] as const).filter((k) => before[k] !== after[k]);
        if (changed.length) {
          const shown = (v: typeof before) =>
            Object.fromEntries(changed.map((k) => [k, k === 'idNumber' ? maskResidentId(v.idNumber) : v[k]]));
          await this.audit.record(t, {
            actorId,
            action: 'worker.identity_correct',
            entity: 'user',
            entityId: target.id,
            before: shown(before),
            after: shown(after),
            reason,
          });
        }
        return {
          id: target.id,
          name: after.name,
          residentId: maskResidentId(after.idNumber),
          birthDate: after.idNumber ? birthDateFromResidentId(after.idNumber) : null,
          gender: after.idNumber ? genderFromResidentId(after.idNumber) : null,
          identityLocked: await this.isLocked(target.id, t),
        };
      });
    } catch (e) {
      if (this.db.uniqueViolation(e) === 'worker_profiles_id_number_uq') throw conflict('ID_NUMBER_TAKEN');
      throw e;
    }
  }
}
