import type { AnySQLiteColumn } from 'drizzle-orm/sqlite-core';
import { timestamps, type Kit } from '../kit';

/**
 * The union tree: federation → district/county-level city → base union.
 * `path` is the materialised path of ids ("/1/4/37/") so "inside my subtree" is one indexed range on it.
 */
export function organisationTables(k: Kit) {
  const organisations = k.table(
    'organisations',
    {
      id: k.id(),
      name: k.text('name').notNull(),
      kind: k.text('kind', { enum: ['federation', 'district', 'base'] }).notNull(),
      parentId: k.int('parent_id').references((): AnySQLiteColumn => organisations.id),
      path: k.text('path').notNull().default(''),
      depth: k.int('depth').notNull().default(0),
      memberCount: k.int('member_count').notNull().default(0),
      ...timestamps(k),
    },
    (t) => [k.index('organisations_parent_idx').on(t.parentId), k.index('organisations_path_idx').on(t.path)],
  );

  /** 工种 with the national occupation code (国家职业分类大典). */
  const trades = k.table(
    'trades',
    {
      id: k.id(),
      code: k.text('code').notNull(),
      name: k.text('name').notNull(),
      nameEn: k.text('name_en').notNull(),
      ...timestamps(k),
    },
    (t) => [k.uniqueIndex('trades_code_uq').on(t.code)],
  );
  return { organisations, trades };
}
