import { timestamps, type Kit } from '../kit';

export function certificateTables(k: Kit) {
  /**
   * The last certificate number issued per (year, issuer): the next one is `last + 1`, taken by one
   * `insert … on conflict do update set last = last + 1 returning last` inside the issuing transaction — a row lock
   * on PostgreSQL, no read of the certificates' greatest number (issue 15). `issuer` is the number's prefix
   * (`GJ` in GJ-2026-000123: packages/domain certificates.ts), so an issuer with a prefix of its own counts apart.
   */
  const certificateCounters = k.table(
    'certificate_counters',
    {
      id: k.id(),
      year: k.int('year').notNull(),
      issuer: k.text('issuer').notNull(),
      last: k.int('last').notNull(),
      ...timestamps(k),
    },
    (t) => [k.uniqueIndex('certificate_counters_year_issuer_uq').on(t.year, t.issuer)],
  );
  return { certificateCounters };
}
