/**
 * Published contests and training classes (GET /api/contests, GET /api/trainings).
 * While those endpoints are not deployed (404) or the API is down, pages show an empty state.
 */
import { ApiError, apiFor, query, type ApiContext } from './api';
import type { Contest, Page, Trade, Training } from '$lib/types/api';

export interface Listing<T> extends Page<T> {
  /** the list could not be fetched (as opposed to: there is nothing in it) */
  unavailable: boolean;
}

export interface ListParams {
  q?: string;
  tier?: string;
  tradeId?: number | string;
  status?: string;
  page?: number;
  pageSize?: number;
}

async function listing<T>(ctx: ApiContext, path: string, params: ListParams): Promise<Listing<T>> {
  const page = params.page ?? 1;
  const pageSize = params.pageSize ?? 12;
  try {
    const res = await apiFor(ctx).get<Page<T> | T[]>(`${path}${query({ ...params, page, pageSize })}`);
    // tolerate a bare array, in case an endpoint is not paginated yet
    if (Array.isArray(res)) return { items: res, total: res.length, page, pageSize, unavailable: false };
    return {
      items: res.items ?? [],
      total: res.total ?? 0,
      page: res.page ?? page,
      pageSize: res.pageSize ?? pageSize,
      unavailable: false,
    };
  } catch (e) {
    if (!(e instanceof ApiError)) throw e;
    return { items: [], total: 0, page, pageSize, unavailable: e.status !== 404 };
  }
}

export const listContests = (ctx: ApiContext, params: ListParams = {}) => listing<Contest>(ctx, '/contests', params);
export const listTrainings = (ctx: ApiContext, params: ListParams = {}) => listing<Training>(ctx, '/trainings', params);

export async function listTrades(ctx: ApiContext): Promise<Trade[]> {
  try {
    return await apiFor(ctx).get<Trade[]>('/trades');
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
