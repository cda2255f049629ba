/**
 * vitest globalSetup for GJ_TEST_BACKEND=postgres: one migrated template database per run, which every test file
 * copies (CREATE DATABASE … TEMPLATE) — a copy takes a few hundred milliseconds where migrating takes seconds.
 */
import { openDatabase } from '../../src/data/open';
import { PG_TEMPLATE, pgAdmin, pgUrlFor, TEST_BACKEND } from './backend';

export default async function setup() {
  if (TEST_BACKEND !== 'postgres') return;
  await pgAdmin(async (c) => {
    await c.query(`drop database if exists ${PG_TEMPLATE} with (force)`);
    await c.query(`create database ${PG_TEMPLATE}`);
  });
  const db = await openDatabase({ url: pgUrlFor(PG_TEMPLATE), file: '' });
  await db.close();
  return async () => {
    await pgAdmin((c) => c.query(`drop database if exists ${PG_TEMPLATE} with (force)`));
  };
}
