/**
 * The few places where SQLite and PostgreSQL need different SQL, each a small function of the handle's dialect
 * (conventions.md: small dialect branches in one place). Everything else in the repositories is written once.
 */
import { sql, type SQL, type SQLWrapper } from 'drizzle-orm';
import type { Handle } from './database';

/** Escapes LIKE's wildcards so a search term is taken literally (used with `escape '\'`). */
export const likeLiteral = (term: string) => term.replace(/[\\%_]/g, (c) => `\\${c}`);

/**
 * "column contains term", case-insensitively for Latin letters as SQLite's LIKE is (PostgreSQL: ILIKE);
 * wildcards in the term are taken literally.
 */
export function contains(h: Pick<Handle, 'dialect'>, column: SQLWrapper, term: string): SQL {
  const pattern = `%${likeLiteral(term)}%`;
  return h.dialect === 'postgres' ? sql`${column} ilike ${pattern} escape '\\'` : sql`${column} like ${pattern} escape '\\'`;
}

/** "the JSON array of role names in `column` holds `role`" (users.roles: text on SQLite, jsonb on PostgreSQL). */
export function hasRoleSql(h: Pick<Handle, 'dialect'>, column: SQLWrapper, role: string): SQL {
  // roles is an array of fixed names: a quoted-name substring test is exact, and far cheaper per row than json_each
  return h.dialect === 'postgres' ? sql`${column} @> ${JSON.stringify([role])}::jsonb` : sql`instr(${column}, ${`"${role}"`}) > 0`;
}

/** A number field of a JSON column (`$.eventId`): json_extract on SQLite, ->> on PostgreSQL. */
export function jsonNumber(h: Pick<Handle, 'dialect'>, column: SQL | SQLWrapper, field: string): SQL {
  return h.dialect === 'postgres'
    ? sql`case when jsonb_typeof(${column} -> ${field}) = 'number' then (${column} ->> ${field})::numeric::integer end`
    : sql`json_extract(${column}, ${`$.${field}`})`;
}

/**
 * The id of the organisation directly below the chosen one that a path belongs to, read off the materialised path:
 * for the chosen path "/1/4/" (its length + 1 = `from`), "/1/4/37/912/" gives 37. The chosen organisation itself is
 * handled by the caller.
 */
export function childIdOfPath(h: Pick<Handle, 'dialect'>, path: SQLWrapper, from: number): SQL {
  return h.dialect === 'postgres'
    ? sql`split_part(substr(${path}, ${from}), '/', 1)::integer`
    : sql`cast(substr(${path}, ${from}, instr(substr(${path}, ${from}), '/') - 1) as integer)`;
}

/**
 * The values of `value` over a group as one JSON array (json_group_array on SQLite — one row of arrays instead of
 * thousands of row objects; json_agg on PostgreSQL). Several of them in one select list come out aligned, the i-th
 * element of each from the same row: one aggregation step feeds every aggregate the same rows in the same order (and
 * json_agg has no parallel combine step that could reorder them). An ORDER BY inside each json_agg would sort the
 * rows once per aggregate (70,000 marks: 145 ms instead of 46 ms). An empty group gives [] on SQLite, null on PostgreSQL.
 */
export function jsonArrayAgg(h: Pick<Handle, 'dialect'>, value: SQL | SQLWrapper): SQL {
  return h.dialect === 'postgres' ? sql`json_agg(${value})` : sql`json_group_array(${value})`;
}

/**
 * After rows were written with explicit ids (the seeds, db:copy): the next id each table hands out follows its greatest
 * id. PostgreSQL's identity sequences do not move on explicit ids, so they are set past them; SQLite's AUTOINCREMENT
 * already keeps sqlite_sequence at the greatest id written.
 */
export async function syncIdentities(h: Handle, tables: readonly string[]): Promise<void> {
  if (h.dialect !== 'postgres') return;
  for (const table of tables) {
    await h.run(
      sql`select setval(pg_get_serial_sequence(${table}, 'id'), max(id)) from ${sql.identifier(table)} having max(id) is not null`,
    );
  }
}

/** The Beijing (UTC+8, no daylight saving) calendar year of an ISO-8601 instant, as an integer. */
export function beijingYearOf(h: Pick<Handle, 'dialect'>, instant: SQL | SQLWrapper): SQL {
  return h.dialect === 'postgres'
    ? sql`extract(year from (${instant})::timestamptz at time zone 'Asia/Shanghai')::integer`
    : sql`cast(strftime('%Y', ${instant}, '+8 hours') as integer)`;
}
