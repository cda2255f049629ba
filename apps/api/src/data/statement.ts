/**
 * Raw statements of the hot paths, built once (issue 18). A query written as `sql\`…${value}…\`` is a new drizzle SQL
 * object on every call, and every call walks it again to make its text (sqlToQuery) before the statement cache can be
 * asked — in the registration rush, 6 % of the server's time. A `statement()` is written once at module level with
 * named placeholders; its text is made once per dialect, and a call only fills in the values:
 *
 *   const CHECK = statement<{ eventId: number }>('event_check', (p) => sql`select … where id = ${p.eventId}`);
 *   await h.get(CHECK.with({ eventId }));
 *
 * On SQLite the text finds its prepared statement as any other (sqlite.ts); on PostgreSQL the statement's name makes
 * it a named prepared statement, parsed and planned once per connection.
 */
import { sql, type SQL } from 'drizzle-orm';
import type { Dialect } from './kit';

/** drizzle's dialect of the handle (SQLiteSyncDialect, PgDialect): it turns a query into its text and parameters */
interface QueryBuilder {
  sqlToQuery(query: SQL): { sql: string; params: unknown[] };
}

interface Compiled {
  text: string;
  /** per parameter: the name of the value it takes, or the constant it is */
  slots: ({ name: string } | { value: unknown })[];
}

export class Statement<P extends Record<string, unknown>> {
  private readonly compiled: Partial<Record<Dialect, Compiled>> = {};

  constructor(
    /** unique among statements: PostgreSQL's name of the prepared statement */
    readonly name: string,
    private readonly query: SQL,
  ) {}

  /** the statement with these values, for a handle's all(), get() or run() */
  with(values: P): BoundStatement {
    return new BoundStatement(this as unknown as Statement<Record<string, unknown>>, values);
  }

  /** the text in this dialect, made once, and the values in the order of its parameters */
  toQuery(dialect: Dialect, builder: QueryBuilder, values: Record<string, unknown>) {
    let c = this.compiled[dialect];
    if (!c) {
      const { sql: text, params } = builder.sqlToQuery(this.query);
      c = { text, slots: params.map((p) => (p instanceof Placeholder ? { name: p.name } : { value: p })) };
      this.compiled[dialect] = c;
    }
    const params = new Array<unknown>(c.slots.length);
    for (let i = 0; i < c.slots.length; i++) {
      const s = c.slots[i]!;
      if ('name' in s) {
        if (!(s.name in values)) throw new Error(`statement ${this.name}: no value for ${s.name}`);
        params[i] = values[s.name];
      } else params[i] = s.value;
    }
    return { text: c.text, params };
  }
}

export class BoundStatement {
  constructor(
    readonly statement: Statement<Record<string, unknown>>,
    readonly values: Record<string, unknown>,
  ) {}
}

const Placeholder = sql.placeholder('x').constructor as new (name: string) => { name: string };
const names = new Set<string>();

/** A statement written once, its values named: `build` gets one placeholder per value. */
export function statement<P extends Record<string, unknown>>(name: string, build: (p: { readonly [K in keyof P]: unknown }) => SQL) {
  if (names.has(name)) throw new Error(`two statements named ${name}`);
  names.add(name);
  const p = new Proxy({} as { readonly [K in keyof P]: unknown }, { get: (_t, key) => sql.placeholder(String(key)) });
  return new Statement<P>(name, build(p));
}

/** The text and parameters of a query (a statement's text made once), and the statement's name if it is one. */
export function queryOf(
  query: SQL | BoundStatement,
  dialect: Dialect,
  builder: QueryBuilder,
): { text: string; params: unknown[]; name?: string } {
  if (query instanceof BoundStatement) return { ...query.statement.toQuery(dialect, builder, query.values), name: query.statement.name };
  const { sql: text, params } = builder.sqlToQuery(query);
  return { text, params };
}
