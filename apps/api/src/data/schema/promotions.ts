import { ref, timestamps, type Kit } from '../kit';
import type { contestTables } from './contests';
import type { organisationTables } from './organisations';
import type { trainingTables } from './training';
import type { userTables } from './users';

type Deps = ReturnType<typeof organisationTables> &
  ReturnType<typeof userTables> &
  ReturnType<typeof contestTables> &
  ReturnType<typeof trainingTables>;

export function promotionTables(k: Kit, { users, events, trainingClasses, organisations, trades }: Deps) {
  /** A worker's skill history: one record per promotion (domain.md § Promotions). */
  const promotions = k.table(
    'promotions',
    {
      id: k.id(),
      workerId: ref(k, 'worker_id', () => users.id),
      fromLevel: k.text('from_level'),
      toLevel: k.text('to_level').notNull(),
      sourceType: k.text('source_type', { enum: ['contest', 'training'] }).notNull(),
      eventId: k.int('event_id').references(() => events.id),
      trainingClassId: k.int('training_class_id').references(() => trainingClasses.id),
      /** owning organisation of the contest or class, for subtree reports */
      orgId: ref(k, 'org_id', () => organisations.id),
      tradeId: k.int('trade_id').references(() => trades.id),
      promotedOn: k.time('promoted_on').notNull(),
      year: k.int('year').notNull(),
      certificateNo: k.text('certificate_no'),
      title: k.text('title'),
      becameHighSkill: k.bool('became_high_skill').notNull(),
      /** the worker's name and masked resident ID when the promotion was recorded (a later correction does not rewrite it) */
      holderName: k.text('holder_name'),
      holderResidentId: k.text('holder_resident_id'),
      ...timestamps(k),
    },
    (t) => [
      // idempotent application: one promotion per worker per source
      k.uniqueIndex('promotions_worker_event_uq').on(t.workerId, t.eventId),
      k.uniqueIndex('promotions_worker_class_uq').on(t.workerId, t.trainingClassId),
      k.index('promotions_worker_year_idx').on(t.workerId, t.year),
      k.index('promotions_year_org_idx').on(t.year, t.orgId),
    ],
  );

  const certificates = k.table(
    'certificates',
    {
      id: k.id(),
      /** public verification code (unguessable) */
      code: k.text('code').notNull(),
      certificateNo: k.text('certificate_no').notNull(),
      workerId: ref(k, 'worker_id', () => users.id),
      level: k.text('level'),
      title: k.text('title'),
      sourceType: k.text('source_type', { enum: ['contest', 'training'] }).notNull(),
      eventId: k.int('event_id').references(() => events.id),
      trainingClassId: k.int('training_class_id').references(() => trainingClasses.id),
      issuedOn: k.time('issued_on').notNull(),
      /**
       * The holder as issued: name and masked resident ID (320202********1234) when the certificate was made. Verification
       * and the PDF show these, whatever the profile says later (api-contract.md § Identity and sessions).
       */
      holderName: k.text('holder_name'),
      holderResidentId: k.text('holder_resident_id'),
      ...timestamps(k),
    },
    (t) => [
      k.uniqueIndex('certificates_code_uq').on(t.code),
      k.uniqueIndex('certificates_no_uq').on(t.certificateNo),
      k.index('certificates_worker_idx').on(t.workerId),
    ],
  );
  return { promotions, certificates };
}
