/**
 * Published contests and training classes (GET /api/contests, GET /api/trainings).
 * While those endpoints are not deployed (404) or the API is down, pages show an empty state.
 */
import type { QueryOf, Trade } from '@gongjiang/contract';
import { ApiError, call, type ApiContext } from './api';

type Listed<T> = { items: T[]; total: number; page: number; pageSize: number };
/** A page of a list; `unavailable`: the list could not be fetched (as opposed to: there is nothing in it). */
export type Listing<T> = Listed<T> & { unavailable: boolean };

async function listing<T>(get: () => Promise<Listed<T>>, page: number, pageSize: number): Promise<Listing<T>> {
  try {
    return { ...(await get()), unavailable: false };
  } catch (e) {
    if (!(e instanceof ApiError)) throw e;
    return { items: [], total: 0, page, pageSize, unavailable: e.status !== 404 };
  }
}

export function listContests(ctx: ApiContext, { page = 1, pageSize = 12, ...q }: Partial<QueryOf<'listContests'>> = {}) {
  return listing(() => call(ctx, 'listContests', { query: { ...q, page, pageSize } }), page, pageSize);
}

export function listTrainings(ctx: ApiContext, { page = 1, pageSize = 12, ...q }: Partial<QueryOf<'listTrainings'>> = {}) {
  return listing(() => call(ctx, 'listTrainings', { query: { ...q, page, pageSize } }), page, pageSize);
}

export async function listTrades(ctx: ApiContext): Promise<Trade[]> {
  try {
    return await call(ctx, 'listTrades', {});
  } catch (e) {
    if (e instanceof ApiError) return [];
    throw e;
  }
}

/** `?page=` as a positive integer (1 when absent or nonsense). */
export function pageParam(url: URL): number {
  const n = Number(url.searchParams.get('page'));
  return Number.isInteger(n) && n > 0 ? Math.min(n, 10_000) : 1;
}
