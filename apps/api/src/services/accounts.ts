import { and, asc, eq, like, or, sql, type SQL } from 'drizzle-orm';
import { orgSubtreeIds } from '../plugins/auth';
import { birthDateFromResidentId, genderFromResidentId, isHighSkill, type SkillLevel } from '@gongjiang/domain';
import { writeTx, type Db } from '../db';
import { organisations, promotions, trades, users, workerProfiles, type Role } from '../db/schema';
import { conflict, notFound, validation } from '../lib/errors';
import { assertNewPassword, dummyHash, hashPassword, verifyPassword } from '../lib/passwords';
import type { AuditService } from './audit';
import { isProfileComplete as isProfileCompleteOf } from './profile-complete';
import type { SessionsService, UserRow } from './sessions';
import { badCode, type PhoneCodesService } from './phone-codes';
import { checkedResidentId, isUniqueViolation, type WorkerIdentityService } from './worker-identity';

export type { UserRow };
export type ProfileRow = typeof workerProfiles.$inferSelect;

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
    private readonly db: Db,
    private readonly audit: AuditService,
    private readonly sessions: SessionsService,
    private readonly phoneCodes: PhoneCodesService,
    private readonly identity: WorkerIdentityService,
  ) {}

  publicUser(u: UserRow) {
    return { id: u.id, phone: u.phone, name: u.name, roles: u.roles, orgId: u.orgId };
  }

  byId(id: number): UserRow | undefined {
    return this.db.select().from(users).where(eq(users.id, id)).get();
  }

  byPhone(phone: string): UserRow | undefined {
    return this.db.select().from(users).where(eq(users.phone, phone)).get();
  }

  /** Creates an account with its (empty) worker profile in one transaction; 400 for a weak password, 409 PHONE_TAKEN. */
  async createUser(input: NewAccount, actorId: number | null): Promise<UserRow> {
    assertNewPassword(input.password, input.phone);
    const passwordHash = await hashPassword(input.password);
    return this.phoneTaken(() => writeTx(this.db, () => this.insertUser(input, passwordHash, actorId)));
  }

  /**
   * POST /api/auth/register: a worker's own account. With phone verification (every SMS_SENDER but `none`) the sign-up
   * code sent to the phone is checked and used in the same transaction that creates the account (400 BAD_CODE, and
   * nothing written, when it is not good); a missing code is 400 VALIDATION naming `code`.
   */
  async register(input: Omit<NewAccount, 'roles' | 'orgId'>, code: string | undefined): Promise<UserRow> {
    if (this.phoneCodes.verifiesPhones && !code) throw validation('body.code is required: request one with POST /api/auth/codes', 'code', 'required');
    assertNewPassword(input.password, input.phone);
    const passwordHash = await hashPassword(input.password);
    const account = { ...input, roles: ['worker'] as Role[], orgId: null };
    const create = () => this.insertUser(account, passwordHash, null);
    return this.phoneTaken(() =>
      this.phoneCodes.verifiesPhones ? this.phoneCodes.useCode(input.phone, 'signup', code!, create) : writeTx(this.db, create),
    );
  }

  private phoneTaken<T>(fn: () => T): T {
    try {
      return fn();
    } catch (e) {
      if (isUniqueViolation(e, 'users.phone')) throw conflict('PHONE_TAKEN');
      throw e;
    }
  }

  /** Inside a write transaction: the account, its empty worker profile, the audit entry. */
  private insertUser(input: Omit<NewAccount, 'password'>, passwordHash: string, actorId: number | null): UserRow {
    const user = this.db
      .insert(users)
      .values({ phone: input.phone, name: input.name.trim(), passwordHash, roles: input.roles, orgId: input.orgId })
      .returning()
      .get();
    this.db
      .insert(workerProfiles)
      .values({ userId: user.id, employerOrgId: input.roles.includes('organizer') ? null : input.orgId })
      .run();
    this.audit.record({
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
    this.phoneCodes.useCode(phone, via, code, () => {
      const user = this.byPhone(phone);
      if (!user) throw badCode('wrong');
      this.db.update(users).set({ passwordHash }).where(eq(users.id, user.id)).run();
      const ended = this.sessions.endAll(user.id);
      this.audit.record({
        actorId: user.id,
        action: 'user.password_reset',
        entity: 'user',
        entityId: user.id,
        after: { via: via === 'counter' ? 'counter_code' : 'sms_code', sessionVersion: ended.sessionVersion },
      });
    });
    this.sessions.sync();
  }

  /** POST /api/users/:id/reset-code: the one-time code and its expiry, audited (never the code). The route checks rights. */
  issueResetCode(target: UserRow, actorId: number): { code: string; expiresAt: string } {
    return writeTx(this.db, () => {
      const issued = this.phoneCodes.counterCode(target.phone, actorId);
      this.audit.record({
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
    const user = this.byPhone(phone);
    if (!user || user.disabled) {
      await verifyPassword(await dummyHash(), password);
      return null;
    }
    return (await verifyPassword(user.passwordHash, password)) ? user : null;
  }

  profileOf(userId: number) {
    const row = this.db
      .select({
        p: workerProfiles,
        employerName: organisations.name,
        tradeName: trades.name,
        tradeNameEn: trades.nameEn,
        tradeCode: trades.code,
      })
      .from(workerProfiles)
      .leftJoin(organisations, eq(organisations.id, workerProfiles.employerOrgId))
      .leftJoin(trades, eq(trades.id, workerProfiles.tradeId))
      .where(eq(workerProfiles.userId, userId))
      .get();
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
      identityLocked: this.identity.isLocked(userId),
    };
  }

  /** PUT /api/me/profile — validates the resident ID (GB 11643) and keeps users.org_id in step with the employer. */
  updateProfile(userId: number, input: ProfileInput) {
    const idNumber = checkedResidentId(input.idNumber);
    const employer = this.db.select().from(organisations).where(eq(organisations.id, input.employerOrgId)).get();
    if (!employer || employer.kind !== 'base') throw validation('employerOrgId: must be a base union (基层工会)', 'employerOrgId', 'invalid');
    const trade = this.db.select({ id: trades.id }).from(trades).where(eq(trades.id, input.tradeId)).get();
    if (!trade) throw validation('tradeId: unknown trade', 'tradeId', 'unknown_ref');
    try {
      writeTx(this.db, () => {
        this.identity.assertUnchangedIfLocked(userId, { name: input.name, idNumber });
        const before = this.db.select().from(workerProfiles).where(eq(workerProfiles.userId, userId)).get();
        if (before && before.skillLevel !== input.skillLevel) {
          // Once the platform has promoted someone, their level follows the records, not self-declaration.
          const managed = this.db.select({ id: promotions.id }).from(promotions).where(eq(promotions.workerId, userId)).limit(1).get();
          if (managed) throw conflict('LEVEL_LOCKED');
        }
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
        if (before) this.db.update(workerProfiles).set(values).where(eq(workerProfiles.userId, userId)).run();
        else
          this.db
            .insert(workerProfiles)
            .values({ userId, ...values })
            .run();
        this.db.update(users).set({ name: input.name.trim(), orgId: input.employerOrgId }).where(eq(users.id, userId)).run();
        if (before?.skillLevel !== input.skillLevel) {
          this.audit.record({
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
      if (isUniqueViolation(e, 'worker_profiles.id_number')) throw conflict('ID_NUMBER_TAKEN');
      throw e;
    }
    return this.profileOf(userId);
  }

  /**
   * GET /api/users. Staff roles (judge, organizer, admin) read the small partial index users_staff_idx and sort by name;
   * workers — millions at city scale — come by organisation, then account, which is the order of users_org_idx probed
   * with the subtree's organisation ids: a page reads its own rows, never the whole subtree to sort it.
   * The total is counted up to USERS_TOTAL_CAP and flagged when capped.
   */
  listUsers(prefix: string, q: { role?: Role; q?: string; page: number; pageSize: number }) {
    const staff = q.role != null && q.role !== 'worker';
    const conds: SQL[] = [sql`${users.orgId} in ${orgSubtreeIds(prefix)}`];
    if (staff) conds.push(sql`${users.roles} <> '["worker"]'`);
    // roles is a JSON array of fixed names: a quoted-name substring test is exact, and far cheaper per row than json_each
    if (q.role) conds.push(sql`instr(${users.roles}, ${`"${q.role}"`}) > 0`);
    const term = q.q?.trim();
    if (term) conds.push(or(like(users.name, `%${term}%`), like(users.phone, `%${term}%`))!);
    const where = and(...conds);
    const counted =
      this.db.get<{ n: number }>(sql`select count(*) as n from (select 1 from ${users} where ${where} limit ${USERS_TOTAL_CAP + 1})`)?.n ??
      0;
    const rows = this.db
      .select({ u: users, orgName: organisations.name })
      .from(users)
      .leftJoin(organisations, eq(organisations.id, users.orgId))
      .where(where)
      .orderBy(...(staff ? [asc(users.name), asc(users.id)] : [asc(users.orgId), asc(users.id)]))
      .limit(q.pageSize)
      .offset((q.page - 1) * q.pageSize)
      .all();
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
    const out = writeTx(this.db, () => {
      this.db.update(users).set({ passwordHash }).where(eq(users.id, userId)).run();
      const ended = this.sessions.endAll(userId);
      this.audit.record({
        actorId: userId,
        action: 'user.password_change',
        entity: 'user',
        entityId: userId,
        after: { sessionVersion: ended.sessionVersion },
      });
      return { user: ended, refresh: this.sessions.issueRefreshToken(userId) };
    });
    this.sessions.sync();
    return out;
  }

  /** POST /api/auth/logout-all: every session of the account ends, audited. */
  endAllSessions(userId: number, actorId: number): void {
    writeTx(this.db, () => {
      const user = this.sessions.endAll(userId);
      this.audit.record({
        actorId,
        action: 'user.logout_all',
        entity: 'user',
        entityId: userId,
        after: { sessionVersion: user.sessionVersion },
      });
    });
    this.sessions.sync();
  }

  /**
   * PATCH /api/users/:id — disable or re-enable an account, or change its roles; audited (user.update). Disabling
   * ends every session (refresh tokens revoked, access tokens refused from their next request); a role change voids
   * the access tokens, whose claims name the old roles, and leaves the refresh tokens, so the account's devices
   * continue with the new roles. The caller's rights (subtree, admin accounts, self) are checked by the route.
   */
  updateUser(target: UserRow, patch: { disabled?: boolean; roles?: Role[] }, actorId: number) {
    const out = writeTx(this.db, () => {
      const before = { disabled: target.disabled, roles: target.roles };
      const next = { disabled: patch.disabled ?? target.disabled, roles: patch.roles ?? target.roles };
      const row = this.db.update(users).set(next).where(eq(users.id, target.id)).returning().get()!;
      const rolesChanged = JSON.stringify(before.roles) !== JSON.stringify(next.roles);
      if (next.disabled && !target.disabled) this.sessions.endAll(target.id);
      else if (rolesChanged) this.sessions.endAll(target.id, { keepRefresh: true });
      const changed = (Object.keys(next) as (keyof typeof next)[]).filter((k) => JSON.stringify(before[k]) !== JSON.stringify(next[k]));
      if (changed.length) {
        this.audit.record({
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
    this.sessions.sync();
    return out;
  }

  requireUser(id: number): UserRow {
    const u = this.byId(id);
    if (!u) throw notFound('user');
    return u;
  }
}

/** How far GET /api/users counts: beyond it the list says "10,000+" rather than count millions of rows per page. */
export const USERS_TOTAL_CAP = 10_000;

export { isProfileComplete } from './profile-complete';

export function maskPhone(phone: string): string {
  return phone.length === 11 ? `${phone.slice(0, 3)}****${phone.slice(7)}` : phone;
}
