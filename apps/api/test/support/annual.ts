import type { FastifyInstance } from 'fastify';
import { expect } from 'vitest';
import type { ResponseOf } from '@gongjiang/contract';

/** The seven figures of the annual report (domain.md § The annual report), as GET /api/stats/annual names them. */
export const FIGURES = ['contests', 'trades', 'participants', 'trainingClasses', 'trainees', 'promotions', 'highSkillPromotions'] as const;
export type Figure = (typeof FIGURES)[number];

/** Just the seven figures of a report (the answer also carries the year, the organisation and more). */
export function sevenOf(report: object): Record<Figure, number> {
  return Object.fromEntries(FIGURES.map((f) => [f, (report as Record<string, unknown>)[f]])) as Record<Figure, number>;
}

/** GET /api/stats/annual?<query> as `auth`; the test fails unless it answers 200. */
export async function annualReport(app: FastifyInstance, auth: { authorization: string }, query: string): Promise<ResponseOf<'getAnnualStats'>> {
  const res = await app.inject({ method: 'GET', url: `/api/stats/annual?${query}`, headers: auth });
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
}
