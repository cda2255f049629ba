import { eq } from 'drizzle-orm';
import { birthDateFromResidentId, genderFromResidentId, maskResidentId, normalizeResidentId, residentIdProblem } from '@gongjiang/domain';
import { writeTx, type Db } from '../db';
import { users, workerProfiles } from '../db/schema';
import { conflict, validation } from '../lib/errors';
import type { AuditService } from './audit';
import type { UserRow } from './sessions';

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

export function isUniqueViolation(e: unknown, index: string): boolean {
  return e instanceof Error && /UNIQUE constraint failed/.test(e.message) && e.message.includes(index);
}

/**
 * A worker's identity on record (api-contract.md § Identity and sessions: "Identity is frozen once it is on record"):
 * once the worker has a published result, a certificate or a promotion, their name and resident ID are what those
 * records were made for. The worker can no longer change them; an organizer corrects them, with a reason, audited.
 */
export class WorkerIdentityService {
  private readonly onRecord;

  constructor(
    private readonly db: Db,
    private readonly audit: AuditService,
  ) {
    // three index probes: certificates_worker_idx, promotions_worker_year_idx, registrations_worker_idx + results_registration_uq
    this.onRecord = db.$client.prepare<{ id: number }, { locked: number }>(
      `select exists (select 1 from certificates where worker_id = @id)
             or exists (select 1 from promotions where worker_id = @id)
             or exists (select 1 from registrations r join results x on x.registration_id = r.id where r.worker_id = @id) as locked`,
    );
  }

  /** true once a published result, a certificate or a promotion names the worker */
  isLocked(userId: number): boolean {
    return this.onRecord.get({ id: userId })?.locked === 1;
  }

  /** PUT /api/me/profile, inside its transaction: 409 IDENTITY_LOCKED when a locked name or resident ID would change. */
  assertUnchangedIfLocked(userId: number, next: { name: string; idNumber: string }): void {
    const now = this.db
      .select({ name: users.name, idNumber: workerProfiles.idNumber })
      .from(users)
      .leftJoin(workerProfiles, eq(workerProfiles.userId, users.id))
      .where(eq(users.id, userId))
      .get();
    if (!now) return;
    const changes = now.name !== next.name.trim() || (now.idNumber ?? null) !== next.idNumber;
    if (changes && this.isLocked(userId)) throw conflict('IDENTITY_LOCKED');
  }

  /**
   * PATCH /api/workers/:id/identity — an organizer's correction (the route checks who may). Audited as
   * worker.identity_correct with the changed fields old → new (resident IDs masked, as every list shows them) and the
   * reason. Certificates and promotion records keep what they were issued with.
   */
  correct(target: UserRow, patch: { name?: string; idNumber?: string }, reason: string, actorId: number) {
    const idNumber = patch.idNumber !== undefined ? checkedResidentId(patch.idNumber) : undefined;
    const name = patch.name?.trim();
    try {
      return writeTx(this.db, () => {
        const profile = this.db.select().from(workerProfiles).where(eq(workerProfiles.userId, target.id)).get();
        const before = { name: target.name, idNumber: profile?.idNumber ?? null };
        const after = { name: name ?? before.name, idNumber: idNumber ?? before.idNumber };
        if (after.name !== before.name) this.db.update(users).set({ name: after.name }).where(eq(users.id, target.id)).run();
        if (after.idNumber !== before.idNumber && after.idNumber) {
          const derived = {
            idNumber: after.idNumber,
            birthDate: birthDateFromResidentId(after.idNumber),
            gender: genderFromResidentId(after.idNumber),
          };
          if (profile) this.db.update(workerProfiles).set(derived).where(eq(workerProfiles.userId, target.id)).run();
          else
            this.db
              .insert(workerProfiles)
              .values({ userId: target.id, ...derived })
              .run();
        }
        const changed = (['name', 'idNumber'] as const).filter((k) => before[k] !== after[k]);
        if (changed.length) {
          const shown = (v: typeof before) =>
            Object.fromEntries(changed.map((k) => [k, k === 'idNumber' ? maskResidentId(v.idNumber) : v[k]]));
          this.audit.record({
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
          identityLocked: this.isLocked(target.id),
        };
      });
    } catch (e) {
      if (isUniqueViolation(e, 'worker_profiles.id_number')) throw conflict('ID_NUMBER_TAKEN');
      throw e;
    }
  }
}
