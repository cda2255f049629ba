import { birthDateFromResidentId, genderFromResidentId, isHighSkill, type SkillLevel } from '@gongjiang/domain';
import type { Database, Tx } from '../data/database';
import {
  hasPromotion,
  insertUserWithProfile,
  listUsers,
  profileRow,
  profileWithNames,
  saveProfile,
  updateUserRow,
  userById,
  userByPhone,
  type ProfileRow,
  type UserRow,
} from '../data/repos/accounts';
import { orgById } from '../data/repos/organisations';
import { tradeById } from '../data/repos/trades';
import type { Role } from '../data/schema';
import { conflict, notFound, validation } from '../lib/errors';
import { assertNewPassword, dummyHash, hashPassword, hasPassword, verifyPassword } from '../lib/passwords';
import type { AuditTrail } from './audit';
import { isProfileComplete as isProfileCompleteOf } from './profile-complete';
import type { SessionsService } from './sessions';
import { badCode, type PhoneCodesService } from './phone-codes';
import type { Caller, Scope } from './scope';
import { checkedResidentId, type WorkerIdentityService } from './worker-identity';

export type { UserRow, ProfileRow };

export interface NewAccount {
  phone: string;
  password: string;
  name: string;
  roles: Role[];
  orgId: number | null;
}

export interface ProfileInput {
  name: string;
  idNumber: string;
  employerOrgId: number;
  tradeId: number;
  skillLevel: SkillLevel | null;
  certificateNo?: string | null;
  unionMember: boolean;
}

export class AccountsService {
  constructor(
    private readonly db: Database,
    private readonly audit: AuditTrail,
    private readonly sessions: SessionsService,
    private readonly phoneCodes: PhoneCodesService,
    private readonly identity: WorkerIdentityService,
    private readonly scope: Scope,
  ) {}

  publicUser(u: UserRow) {
    return { id: u.id, phone: u.phone, name: u.name, roles: u.roles, orgId: u.orgId };
  }

  byId(id: number): Promise<UserRow | undefined> {
    return userById(this.db.read, id);
  }

  byPhone(phone: string): Promise<UserRow | undefined> {
    return userByPhone(this.db.read, phone);
  }

  /** An account the caller manages (admin anywhere, an organizer in their subtree), or 404 (not 403: scope is hidden). */
  async managedUser(caller: Caller, id: number): Promise<UserRow> {
    const target = await this.byId(id);
    if (!target || !(await this.scope.contains(caller, target.orgId))) throw notFound('user');
    return target;
  }

  /** Creates an account with its (empty) worker profile in one transaction; 400 for a weak password, 409 PHONE_TAKEN. */
  async createUser(input: NewAccount, actorId: number | null): Promise<UserRow> {
    assertNewPassword(input.password, input.phone);
    const passwordHash = await hashPassword(input.password);
    return this.phoneTaken(() => this.db.tx((t) => this.insertUser(t, input, passwordHash, actorId)));
  }

  /**
   * POST /api/auth/register: a worker's own account. With phone verification (every SMS_SENDER but `none`) the sign-up
   * code sent to the phone is checked and used in the same transaction that creates the account (400 BAD_CODE, and
   * nothing written, when it is not good); a missing code is 400 VALIDATION naming `code`.
   */
  async register(input: Omit<NewAccount, 'roles' | 'orgId'>, code: string | undefined): Promise<UserRow> {
    if (this.phoneCodes.verifiesPhones && !code)
      throw validation('body.code is required: request one with POST /api/auth/codes', 'code', 'required');
    assertNewPassword(input.password, input.phone);
    const passwordHash = await hashPassword(input.password);
    const account = { ...input, roles: ['worker'] as Role[], orgId: null };
    const create = (t: Tx) => this.insertUser(t, account, passwordHash, null);
    // with a code texted to the phone, signing up with the phone of a roster-imported account claims that account
    const createOrClaim = async (t: Tx) => {
      const existing = await userByPhone(t, input.phone);
      return existing && !hasPassword(existing.passwordHash) ? this.claim(t, existing.id, passwordHash, 'signup') : create(t);
    };
    return this.phoneTaken(() =>
      this.phoneCodes.verifiesPhones ? this.phoneCodes.useCode(input.phone, 'signup', code!, createOrClaim) : this.db.tx(create),
    );
  }

  /**
   * Inside a transaction: an account imported from a roster (services/rosters.ts) gets its first password — from a
   * sign-up or reset code sent to its phone, or an organizer's counter code. The name and resident ID stay the roster's
   * (the sign-up form's name is not taken). Audited as user.claim. The account is the lock root; a second claim of
   * the same account at once finds it claimed and is refused like any sign-up of a taken phone.
   */
  private async claim(t: Tx, userId: number, passwordHash: string, via: 'signup' | 'reset' | 'counter'): Promise<UserRow> {
    await t.lock('users', userId);
    const current = await userById(t, userId);
    if (!current || hasPassword(current.passwordHash)) throw conflict('PHONE_TAKEN');
    const user = (await updateUserRow(t, userId, { passwordHash }))!;
    await this.audit.record(t, {
      actorId: userId,
      action: 'user.claim',
      entity: 'user',
      entityId: userId,
      after: { via: via === 'counter' ? 'counter_code' : `${via}_sms_code` },
    });
    return user;
  }

  private async phoneTaken<T>(fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (e) {
      if (this.db.uniqueViolation(e) === 'users_phone_uq') throw conflict('PHONE_TAKEN');
      throw e;
    }
  }

  /**
   * Inside a transaction: the account, its empty worker profile, the audit entry. A new account has no row to lock:
   * the unique phone index decides between two sign-ups of one phone.
   */
  private async insertUser(t: Tx, input: Omit<NewAccount, 'password'>, passwordHash: string, actorId: number | null): Promise<UserRow> {
    const user = await insertUserWithProfile(t, {
      phone: input.phone,
      name: input.name.trim(),
      passwordHash,
      roles: input.roles,
      orgId: input.orgId,
    });
    await this.audit.record(t, {
      actorId: actorId ?? user.id,
      action: 'user.create',
      entity: 'user',
      entityId: user.id,
      after: this.publicUser(user),
    });
    return user;
  }

  /**
   * POST /api/auth/password-reset: with a reset code sent to the phone (6 digits) or an organizer's counter code (8
   * digits), a new password; every session of the account ends. 400 BAD_CODE — the same for a phone without an
   * account, which never has a good code — and nothing changed when the code is not good. Audited (never the code).
   */
  async resetPassword(phone: string, code: string, password: string): Promise<void> {
    assertNewPassword(password, phone);
    const passwordHash = await hashPassword(password);
    const via = code.length === 8 ? 'counter' : 'reset';
    await this.phoneCodes.useCode(phone, via, code, async (t) => {
      const found = await userByPhone(t, phone);
      if (!found) throw badCode('wrong');
      if (!hasPassword(found.passwordHash)) {
        await this.claim(t, found.id, passwordHash, via);
        return;
      }
      await t.lock('users', found.id);
      await updateUserRow(t, found.id, { passwordHash });
      const ended = await this.sessions.endAll(t, found.id);
      await this.audit.record(t, {
        actorId: found.id,
        action: 'user.password_reset',
        entity: 'user',
        entityId: found.id,
        after: { via: via === 'counter' ? 'counter_code' : 'sms_code', sessionVersion: ended.sessionVersion },
      });
    });
    await this.sessions.sync();
  }

  /** POST /api/users/:id/reset-code: the one-time code and its expiry, audited (never the code). The route checks rights. */
  issueResetCode(target: UserRow, actorId: number): Promise<{ code: string; expiresAt: string }> {
    return this.db.tx(async (t) => {
      await t.lock('users', target.id);
      const issued = await this.phoneCodes.counterCode(t, target.phone, actorId);
      await this.audit.record(t, {
        actorId,
        action: 'user.reset_code',
        entity: 'user',
        entityId: target.id,
        after: { expiresAt: issued.expiresAt },
      });
      return issued;
    });
  }

  /** null when the phone/password pair is wrong (the caller answers 401 BAD_CREDENTIALS). */
  async checkCredentials(phone: string, password: string): Promise<UserRow | null> {
    const user = await this.byPhone(phone);
    if (!user || user.disabled) {
      await verifyPassword(await dummyHash(), password);
      return null;
    }
    return (await verifyPassword(user.passwordHash, password)) ? user : null;
  }

  async profileOf(userId: number) {
    const row = await profileWithNames(this.db.read, userId);
    if (!row) return null;
    const p = row.p;
    const level = (p.skillLevel as SkillLevel | null) ?? null;
    return {
      idNumber: p.idNumber,
      birthDate: p.birthDate,
      gender: p.gender,
      employerOrgId: p.employerOrgId,
      employer: row.employerName ?? null,
      tradeId: p.tradeId,
      trade: p.tradeId ? { id: p.tradeId, code: row.tradeCode, name: row.tradeName, nameEn: row.tradeNameEn } : null,
      skillLevel: level,
      certificateNo: p.certificateNo,
      unionMember: p.unionMember,
      highSkill: isHighSkill(level),
      complete: isProfileCompleteOf(p),
      identityLocked: await this.identity.isLocked(userId),
    };
  }

  /**
   * PUT /api/me/profile — validates the resident ID (GB 11643) and keeps users.org_id in step with the employer. The
   * worker is the lock root (as for promotions, which decide whether the level may still be declared).
   */
  async updateProfile(userId: number, input: ProfileInput) {
    const idNumber = checkedResidentId(input.idNumber);
    const employer = await orgById(this.db.read, input.employerOrgId);
    if (!employer || employer.kind !== 'base')
      throw validation('employerOrgId: must be a base union (基层工会)', 'employerOrgId', 'invalid');
    if (!(await tradeById(this.db.read, input.tradeId))) throw validation('tradeId: unknown trade', 'tradeId', 'unknown_ref');
    try {
      await this.db.tx(async (t) => {
        await t.lock('users', userId);
        await this.identity.assertUnchangedIfLocked(t, userId, { name: input.name, idNumber });
        const before = await profileRow(t, userId);
        // Once the platform has promoted someone, their level follows the records, not self-declaration.
        if (before && before.skillLevel !== input.skillLevel && (await hasPromotion(t, userId))) throw conflict('LEVEL_LOCKED');
        const values = {
          idNumber,
          birthDate: birthDateFromResidentId(idNumber),
          gender: genderFromResidentId(idNumber),
          employerOrgId: input.employerOrgId,
          tradeId: input.tradeId,
          skillLevel: input.skillLevel,
          certificateNo: input.certificateNo?.trim() || null,
          unionMember: input.unionMember,
        };
        await saveProfile(t, userId, values, !!before);
        await updateUserRow(t, userId, { name: input.name.trim(), orgId: input.employerOrgId });
        if (before?.skillLevel !== input.skillLevel) {
          await this.audit.record(t, {
            actorId: userId,
            action: 'profile.skill_level',
            entity: 'user',
            entityId: userId,
            before: { skillLevel: before?.skillLevel ?? null },
            after: { skillLevel: input.skillLevel, certificateNo: values.certificateNo },
          });
        }
      });
    } catch (e) {
      if (this.db.uniqueViolation(e) === 'worker_profiles_id_number_uq') throw conflict('ID_NUMBER_TAKEN');
      throw e;
    }
    return this.profileOf(userId);
  }

  /**
   * GET /api/users: the accounts in the caller's subtree (data/repos/accounts.ts listUsers says how a page is read).
   * The total is counted up to USERS_TOTAL_CAP and flagged when capped.
   */
  async listUsers(caller: Caller, q: { role?: Role; q?: string; page: number; pageSize: number }) {
    const prefix = await this.scope.prefixFor(caller);
    if (!prefix) return { items: [], total: 0, totalCapped: false, page: q.page, pageSize: q.pageSize };
    const { rows, counted } = await listUsers(this.db.read, { ...q, prefix, cap: USERS_TOTAL_CAP });
    return {
      items: rows.map(({ u, orgName }) => ({
        id: u.id,
        name: u.name,
        phone: maskPhone(u.phone),
        roles: u.roles,
        orgId: u.orgId,
        orgName,
        disabled: u.disabled,
      })),
      total: Math.min(counted, USERS_TOTAL_CAP),
      totalCapped: counted > USERS_TOTAL_CAP,
      page: q.page,
      pageSize: q.pageSize,
    };
  }

  /**
   * PUT /api/me/password, after the route checked the current password and the new one's strength: the new one
   * replaces it, every session ends, and the caller gets a new one (a new refresh-token family) to carry on with.
   * Audited without the password.
   */
  async changePassword(userId: number, password: string): Promise<{ user: UserRow; refresh: { token: string; family: string } }> {
    const passwordHash = await hashPassword(password);
    const out = await this.db.tx(async (t) => {
      await t.lock('users', userId);
      await updateUserRow(t, userId, { passwordHash });
      const ended = await this.sessions.endAll(t, userId);
      await this.audit.record(t, {
        actorId: userId,
        action: 'user.password_change',
        entity: 'user',
        entityId: userId,
        after: { sessionVersion: ended.sessionVersion },
      });
      return { user: ended, refresh: await this.sessions.issueRefreshToken(t, userId) };
    });
    await this.sessions.sync();
    return out;
  }

  /** POST /api/auth/logout-all: every session of the account ends, audited. */
  async endAllSessions(userId: number, actorId: number): Promise<void> {
    await this.db.tx(async (t) => {
      await t.lock('users', userId);
      const user = await this.sessions.endAll(t, userId);
      await this.audit.record(t, {
        actorId,
        action: 'user.logout_all',
        entity: 'user',
        entityId: userId,
        after: { sessionVersion: user.sessionVersion },
      });
    });
    await this.sessions.sync();
  }

  /**
   * PATCH /api/users/:id — disable or re-enable an account, or change its roles; audited (user.update). Disabling
   * ends every session (refresh tokens revoked, access tokens refused from their next request); a role change voids
   * the access tokens, whose claims name the old roles, and leaves the refresh tokens, so the account's devices
   * continue with the new roles. The caller's rights (subtree, admin accounts, self) are checked by the route.
   */
  async updateUser(target: UserRow, patch: { disabled?: boolean; roles?: Role[] }, actorId: number) {
    const out = await this.db.tx(async (t) => {
      await t.lock('users', target.id);
      const current = (await userById(t, target.id)) ?? target;
      const before = { disabled: current.disabled, roles: current.roles };
      const next = { disabled: patch.disabled ?? current.disabled, roles: patch.roles ?? current.roles };
      const row = (await updateUserRow(t, target.id, next))!;
      const rolesChanged = JSON.stringify(before.roles) !== JSON.stringify(next.roles);
      if (next.disabled && !current.disabled) await this.sessions.endAll(t, target.id);
      else if (rolesChanged) await this.sessions.endAll(t, target.id, { keepRefresh: true });
      const changed = (Object.keys(next) as (keyof typeof next)[]).filter((k) => JSON.stringify(before[k]) !== JSON.stringify(next[k]));
      if (changed.length) {
        await this.audit.record(t, {
          actorId,
          action: 'user.update',
          entity: 'user',
          entityId: target.id,
          before: Object.fromEntries(changed.map((k) => [k, before[k]])),
          after: Object.fromEntries(changed.map((k) => [k, next[k]])),
        });
      }
      return { ...this.publicUser(row), disabled: row.disabled };
    });
    await this.sessions.sync();
    return out;
  }
}

/** How far GET /api/users counts: beyond it the list says "10,000+" rather than count millions of rows per page. */
export const USERS_TOTAL_CAP = 10_000;

export { isProfileComplete } from './profile-complete';

export function maskPhone(phone: string): string {
  return phone.length === 11 ? `${phone.slice(0, 3)}****${phone.slice(7)}` : phone;
}
