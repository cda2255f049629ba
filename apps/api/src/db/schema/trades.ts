import { sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { id, timestamps } from './common';

/** 工种 with the national occupation code (国家职业分类大典). */
export const trades = sqliteTable(
  'trades',
  {
    id: id(),
    code: text('code').notNull(),
    name: text('name').notNull(),
    nameEn: text('name_en').notNull(),
    ...timestamps(),
  },
  (t) => [uniqueIndex('trades_code_uq').on(t.code)],
);
