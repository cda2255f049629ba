/**
 * Calendar dates as people in Wuxi read them. China has one time zone, UTC+8, with no
 * daylight saving since 1991, so a fixed offset is exact for every date this platform handles.
 * Ages, birthdays and "calendar year" rules (domain.md § Promotions, § The annual report)
 * are about Beijing-time dates, not UTC ones: 2026-05-01T00:30+08:00 is already 1 May.
 */
const BEIJING_OFFSET_MS = 8 * 60 * 60 * 1000;

/** The Beijing-time calendar date of an instant, as YYYY-MM-DD. */
export function beijingDate(instant: Date): string {
  return new Date(instant.getTime() + BEIJING_OFFSET_MS).toISOString().slice(0, 10);
}

/** The Beijing-time calendar year of an instant. */
export function beijingYear(instant: Date): number {
  return Number(beijingDate(instant).slice(0, 4));
}
