/**
 * The SQL that keeps the annual-report summaries (data/schema/stats.ts) right: triggers on every table
 * whose rows the report counts, and the INSERT…SELECT statements that rebuild the summaries from the
 * raw tables. One source for both, so the triggers and a rebuild can never disagree on a definition.
 *
 * Definitions (domain.md § The annual report):
 *   contest counted      status = 'published' (drafts were never held, cancelled ones are excluded);
 *                        year/month of starts_at in Beijing time; owner contests.org_id
 *   participant          a registration of a counted contest with status 'confirmed'
 *                        (pending, waitlisted, cancelled and rejected are not "confirmed at the contest"),
 *                        however it came: self-registered, nominated by a union, or advanced from a
 *                        preliminary — a finalist counts in the preliminary's contest and again in the
 *                        final's (two person-times; test/stats-stages.test.ts)
 *   class counted        status 'published' or 'completed' with a first session; year/month of
 *                        first_session_at in Beijing time; owner training_classes.org_id
 *   trainee              an enrolment of a counted class with status 'enrolled'
 *   promotion            every promotion record: promotions.year, the month of promoted_on (a Beijing
 *                        date), promotions.org_id (the source's owner), promotions.trade_id
 *   high-skill promotion a promotion record with became_high_skill (counted as distinct workers)
 *
 * Triggers run inside the statement that fires them, so inside the writer's BEGIN IMMEDIATE
 * transaction (engineering-notes.md: summaries kept in the same transactions as the writes).
 * Deleting a parent (contest, event, class) subtracts its whole contribution in a BEFORE DELETE
 * trigger; the rows that ON DELETE CASCADE removes afterwards no longer find their parent, so their
 * own triggers add nothing twice (SQLite deletes the parent row before it runs the cascade).
 *
 * drizzle/sqlite/0002_stats_triggers.sql is `statsMigrationSql()` verbatim (a test checks it). To change a
 * trigger later, write a new migration that drops and recreates it.
 */

import type { Dialect } from './kit';

/** What differs between the dialects in this SQL: the clock, date arithmetic, null-safe comparison, triggers. */
interface StatsDialect {
  now: string;
  year: (x: string) => string;
  month: (x: string) => string;
  /** null-safe "differs" */
  differs: (a: string, b: string) => string;
}

/**
 * An ISO-8601 instant as SQLite's date functions read it. The API accepts RFC 3339 date-times
 * (ajv-formats): lower-case t/z and offsets written +0800 or +08, which SQLite does not parse, so
 * they are upper-cased and given the HH:MM form first.
 */
const normalised = (x: string) =>
  `(case when ${x} glob '*[+-][0-9][0-9][0-9][0-9]' then upper(substr(${x}, 1, length(${x}) - 2)) || ':' || substr(${x}, -2)` +
  ` when ${x} glob '*[+-][0-9][0-9]' then upper(${x}) || ':00' else upper(${x}) end)`;

const SQLITE: StatsDialect = {
  now: `strftime('%Y-%m-%dT%H:%M:%fZ','now')`,
  /** Beijing (UTC+8) calendar year of an instant; an unparsable text falls back to its first four characters. */
  year: (x) => `coalesce(cast(strftime('%Y', ${normalised(x)}, '+8 hours') as integer), cast(substr(${x}, 1, 4) as integer))`,
  /** Beijing (UTC+8) calendar month 1–12 of an instant. */
  month: (x) => `coalesce(cast(strftime('%m', ${normalised(x)}, '+8 hours') as integer), cast(substr(${x}, 6, 2) as integer))`,
  differs: (a, b) => `${a} is not ${b}`,
};

/** PostgreSQL parses every RFC 3339 spelling the API accepts once upper-cased; Beijing time has no daylight saving. */
const beijing = (x: string) => `(upper(${x})::timestamptz at time zone 'Asia/Shanghai')`;
const POSTGRES: StatsDialect = {
  now: `to_char(now() at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`,
  year: (x) => `extract(year from ${beijing(x)})::integer`,
  month: (x) => `extract(month from ${beijing(x)})::integer`,
  differs: (a, b) => `${a} is distinct from ${b}`,
};

const DIALECTS: Record<Dialect, StatsDialect> = { sqlite: SQLITE, postgres: POSTGRES };
let D: StatsDialect = SQLITE;

const beijingYearSql = (x: string) => D.year(x);
const beijingMonthSql = (x: string) => D.month(x);
/** Month of a YYYY-MM-DD date (promotions.promoted_on is already a Beijing date). */
const dateMonthSql = (x: string) => `cast(substr(${x}, 6, 2) as integer)`;

const contestCounted = (c: string) => `${c}.status = 'published'`;
const classCounted = (c: string) => `(${c}.status in ('published', 'completed') and ${c}.first_session_at is not null)`;
const confirmedOf = (eventId: string) => `(select count(*) from registrations r where r.event_id = ${eventId} and r.status = 'confirmed')`;
const enrolledOf = (classId: string) => `(select count(*) from enrolments n where n.class_id = ${classId} and n.status = 'enrolled')`;

type TradeColumn = 'contests' | 'participants' | 'training_classes' | 'trainees' | 'promotions';
interface Key {
  year: string;
  month: string;
  org: string;
  trade: string;
}
const sign = (s: 1 | -1, v: string) => (s === 1 ? v : `-(${v})`);
/** PostgreSQL wants the target table named where SQLite takes the bare column. */
const upsertSet = (cols: string[], table: string) => {
  const current = (c: string) => (D === SQLITE ? c : `${table}.${c}`);
  return `do update set ${cols.map((c) => `${c} = ${current(c)} + excluded.${c}`).join(', ')}, updated_at = ${D.now}`;
};

/** Adds (or subtracts) values to stats_trade_month rows chosen by a SELECT. */
function tradeMonth(k: Key, values: Partial<Record<TradeColumn, string>>, from: string | null, where: string): string {
  const cols = Object.keys(values) as TradeColumn[];
  return (
    `insert into stats_trade_month (year, month, org_id, trade_id, ${cols.join(', ')})\n` +
    `    select ${k.year}, ${k.month}, ${k.org}, ${k.trade}, ${cols.map((c) => values[c]).join(', ')}${from ? ` from ${from}` : ''} where ${where}\n` +
    `    on conflict (year, org_id, trade_id, month) ${upsertSet(cols, 'stats_trade_month')};`
  );
}

function contestMonth(k: Omit<Key, 'trade'>, value: string, where: string): string {
  return (
    `insert into stats_contest_month (year, month, org_id, contests)\n` +
    `    select ${k.year}, ${k.month}, ${k.org}, ${value} where ${where}\n` +
    `    on conflict (year, org_id, month) ${upsertSet(['contests'], 'stats_contest_month')};`
  );
}

function highSkill(k: Key & { worker: string }, value: string, where: string): string {
  return (
    `insert into stats_high_skill (year, month, org_id, trade_id, worker_id, promotions)\n` +
    `    select ${k.year}, ${k.month}, ${k.org}, ${k.trade}, ${k.worker}, ${value} where ${where}\n` +
    `    on conflict (year, org_id, trade_id, month, worker_id) ${upsertSet(['promotions'], 'stats_high_skill')};`
  );
}

// ---- contributions, each with a sign: +1 adds the row's share, -1 takes it back -------------------

const contestKey = (c: string): Omit<Key, 'trade'> => ({
  year: beijingYearSql(`${c}.starts_at`),
  month: beijingMonthSql(`${c}.starts_at`),
  org: `${c}.org_id`,
});

/** A contest row (`old`/`new`): its count and, for each of its events, the trade's contest and participants. */
const contestShare = (c: 'old' | 'new', s: 1 | -1) => [
  contestMonth(contestKey(c), sign(s, '1'), contestCounted(c)),
  tradeMonth(
    { ...contestKey(c), trade: 'e.trade_id' },
    { contests: sign(s, '1'), participants: sign(s, confirmedOf('e.id')) },
    'events e',
    `e.contest_id = ${c}.id and ${contestCounted(c)}`,
  ),
];

/** An event row: the trade's contest and its confirmed registrations, when its contest counts. */
const eventShare = (e: 'old' | 'new', s: 1 | -1) =>
  tradeMonth(
    { ...contestKey('c'), trade: `${e}.trade_id` },
    { contests: sign(s, '1'), participants: sign(s, confirmedOf(`${e}.id`)) },
    'contests c',
    `c.id = ${e}.contest_id and ${contestCounted('c')}`,
  );

/** A registration row: one participant, when confirmed and its contest counts. */
const registrationShare = (r: 'old' | 'new', s: 1 | -1) =>
  tradeMonth(
    { ...contestKey('c'), trade: 'e.trade_id' },
    { participants: sign(s, '1') },
    'events e join contests c on c.id = e.contest_id',
    `e.id = ${r}.event_id and ${r}.status = 'confirmed' and ${contestCounted('c')}`,
  );

const classKey = (c: string): Key => ({
  year: beijingYearSql(`${c}.first_session_at`),
  month: beijingMonthSql(`${c}.first_session_at`),
  org: `${c}.org_id`,
  trade: `${c}.trade_id`,
});

const classShare = (c: 'old' | 'new', s: 1 | -1) =>
  tradeMonth(classKey(c), { training_classes: sign(s, '1'), trainees: sign(s, enrolledOf(`${c}.id`)) }, null, classCounted(c));

const enrolmentShare = (n: 'old' | 'new', s: 1 | -1) =>
  tradeMonth(
    classKey('c'),
    { trainees: sign(s, '1') },
    'training_classes c',
    `c.id = ${n}.class_id and ${n}.status = 'enrolled' and ${classCounted('c')}`,
  );

const promotionKey = (p: string): Key => ({
  year: `${p}.year`,
  month: dateMonthSql(`${p}.promoted_on`),
  org: `${p}.org_id`,
  trade: `coalesce(${p}.trade_id, 0)`,
});

const promotionShare = (p: 'old' | 'new', s: 1 | -1) => [
  tradeMonth(promotionKey(p), { promotions: sign(s, '1') }, null, 'true'),
  highSkill({ ...promotionKey(p), worker: `${p}.worker_id` }, sign(s, '1'), `${p}.became_high_skill`),
];

const changed = (cols: string[]) => cols.map((c) => D.differs(`old.${c}`, `new.${c}`)).join(' or ');

/**
 * One trigger. SQLite: CREATE TRIGGER … WHEN … BEGIN … END. PostgreSQL: a PL/pgSQL function of the same name with the
 * same statements under IF, and a row trigger that runs it (an AFTER trigger's return value is ignored; a BEFORE
 * trigger returns OLD so the delete goes ahead).
 */
function trigger(name: string, timing: string, when: string | null, body: string[]): string {
  if (D === SQLITE) return `create trigger ${name} ${timing}${when ? `\n  when ${when}` : ''}\nbegin\n  ${body.join('\n  ')}\nend;`;
  const statements = body.join('\n    ');
  return (
    `create or replace function ${name}() returns trigger language plpgsql as $$\nbegin\n` +
    (when ? `  if ${when} then\n    ${statements}\n  end if;\n` : `    ${statements}\n`) +
    `  return ${timing.startsWith('before') ? 'old' : 'null'};\nend $$;\n` +
    `--> statement-breakpoint\n` +
    `create trigger ${name} ${timing} for each row execute function ${name}();`
  );
}

/** The CREATE TRIGGER statements, in order. */
export function statsTriggerSql(dialect: Dialect = 'sqlite'): string[] {
  D = DIALECTS[dialect];
  const contestCols = ['status', 'starts_at', 'org_id'];
  const classCols = ['status', 'first_session_at', 'org_id', 'trade_id'];
  const promotionCols = ['year', 'promoted_on', 'org_id', 'trade_id', 'worker_id', 'became_high_skill'];
  return [
    trigger('stats_contests_ai', 'after insert on contests', contestCounted('new'), contestShare('new', 1)),
    trigger(
      'stats_contests_au',
      `after update of ${contestCols.join(', ')} on contests`,
      `(${contestCounted('old')} or ${contestCounted('new')}) and (${changed(contestCols)})`,
      [...contestShare('old', -1), ...contestShare('new', 1)],
    ),
    trigger('stats_contests_bd', 'before delete on contests', contestCounted('old'), contestShare('old', -1)),

    trigger('stats_events_ai', 'after insert on events', null, [eventShare('new', 1)]),
    trigger('stats_events_au', 'after update of contest_id, trade_id on events', changed(['contest_id', 'trade_id']), [
      eventShare('old', -1),
      eventShare('new', 1),
    ]),
    trigger('stats_events_bd', 'before delete on events', null, [eventShare('old', -1)]),

    trigger('stats_registrations_ai', 'after insert on registrations', `new.status = 'confirmed'`, [registrationShare('new', 1)]),
    trigger(
      'stats_registrations_au',
      'after update of status, event_id on registrations',
      `(old.status = 'confirmed' or new.status = 'confirmed') and (${changed(['status', 'event_id'])})`,
      [registrationShare('old', -1), registrationShare('new', 1)],
    ),
    trigger('stats_registrations_ad', 'after delete on registrations', `old.status = 'confirmed'`, [registrationShare('old', -1)]),

    trigger('stats_training_classes_ai', 'after insert on training_classes', classCounted('new'), [classShare('new', 1)]),
    trigger(
      'stats_training_classes_au',
      `after update of ${classCols.join(', ')} on training_classes`,
      `${classCounted('old')} <> ${classCounted('new')} or (${classCounted('old')} and (${changed(classCols.slice(1))}))`,
      [classShare('old', -1), classShare('new', 1)],
    ),
    trigger('stats_training_classes_bd', 'before delete on training_classes', classCounted('old'), [classShare('old', -1)]),

    trigger('stats_enrolments_ai', 'after insert on enrolments', `new.status = 'enrolled'`, [enrolmentShare('new', 1)]),
    trigger(
      'stats_enrolments_au',
      'after update of status, class_id on enrolments',
      `(old.status = 'enrolled' or new.status = 'enrolled') and (${changed(['status', 'class_id'])})`,
      [enrolmentShare('old', -1), enrolmentShare('new', 1)],
    ),
    trigger('stats_enrolments_ad', 'after delete on enrolments', `old.status = 'enrolled'`, [enrolmentShare('old', -1)]),

    trigger('stats_promotions_ai', 'after insert on promotions', null, promotionShare('new', 1)),
    trigger('stats_promotions_au', `after update of ${promotionCols.join(', ')} on promotions`, changed(promotionCols), [
      ...promotionShare('old', -1),
      ...promotionShare('new', 1),
    ]),
    trigger('stats_promotions_ad', 'after delete on promotions', null, promotionShare('old', -1)),
  ];
}

/** Rebuilds the summaries from the raw tables: empties them, then one INSERT…SELECT per source. */
export function statsRebuildSql(dialect: Dialect = 'sqlite'): string[] {
  D = DIALECTS[dialect];
  const cy = beijingYearSql('c.starts_at');
  const cm = beijingMonthSql('c.starts_at');
  const ty = beijingYearSql('c.first_session_at');
  const tm = beijingMonthSql('c.first_session_at');
  const conflictTrade = (cols: string[]) => `on conflict (year, org_id, trade_id, month) ${upsertSet(cols, 'stats_trade_month')}`;
  return [
    'delete from stats_trade_month;',
    'delete from stats_contest_month;',
    'delete from stats_high_skill;',
    `insert into stats_contest_month (year, month, org_id, contests)
    select ${cy}, ${cm}, c.org_id, count(*) from contests c where ${contestCounted('c')} group by 1, 2, 3;`,
    `insert into stats_trade_month (year, month, org_id, trade_id, contests, participants)
    select ${cy}, ${cm}, c.org_id, e.trade_id, count(*), sum(${confirmedOf('e.id')})
      from events e join contests c on c.id = e.contest_id where ${contestCounted('c')} group by 1, 2, 3, 4
    ${conflictTrade(['contests', 'participants'])};`,
    `insert into stats_trade_month (year, month, org_id, trade_id, training_classes, trainees)
    select ${ty}, ${tm}, c.org_id, c.trade_id, count(*), sum(${enrolledOf('c.id')})
      from training_classes c where ${classCounted('c')} group by 1, 2, 3, 4
    ${conflictTrade(['training_classes', 'trainees'])};`,
    `insert into stats_trade_month (year, month, org_id, trade_id, promotions)
    select p.year, ${dateMonthSql('p.promoted_on')}, p.org_id, coalesce(p.trade_id, 0), count(*)
      from promotions p where true group by 1, 2, 3, 4
    ${conflictTrade(['promotions'])};`,
    `insert into stats_high_skill (year, month, org_id, trade_id, worker_id, promotions)
    select p.year, ${dateMonthSql('p.promoted_on')}, p.org_id, coalesce(p.trade_id, 0), p.worker_id, count(*)
      from promotions p where p.became_high_skill group by 1, 2, 3, 4, 5;`,
  ];
}

/** The custom drizzle migration: the triggers, then a rebuild for databases that already hold data. */
export function statsMigrationSql(dialect: Dialect = 'sqlite'): string {
  const header =
    '-- Custom SQL migration (drizzle-kit generate --custom): the triggers that keep the annual-report summaries\n' +
    '-- (stats_trade_month, stats_contest_month, stats_high_skill) in step with every write, and a first fill\n' +
    '-- from the existing rows. Generated by statsMigrationSql() in apps/api/src/services/stats-sql.ts.\n';
  return header + [...statsTriggerSql(dialect), ...statsRebuildSql(dialect)].join('\n--> statement-breakpoint\n') + '\n';
}
