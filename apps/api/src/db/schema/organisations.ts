import { index, integer, sqliteTable, text, type AnySQLiteColumn } from 'drizzle-orm/sqlite-core';
import { id, timestamps } from './common';

/**
 * The union tree: federation → district/county-level city → base union.
 * `path` is the materialised path of ids ("/1/4/37/") so "inside my subtree" is one indexed prefix match.
 */
export const organisations = sqliteTable(
  'organisations',
  {
    id: id(),
    name: text('name').notNull(),
    kind: text('kind', { enum: ['federation', 'district', 'base'] }).notNull(),
    parentId: integer('parent_id').references((): AnySQLiteColumn => organisations.id),
    path: text('path').notNull().default(''),
    depth: integer('depth').notNull().default(0),
    memberCount: integer('member_count').notNull().default(0),
    ...timestamps(),
  },
  (t) => [index('organisations_parent_idx').on(t.parentId), index('organisations_path_idx').on(t.path)],
);
