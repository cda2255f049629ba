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

/** An instant in Beijing time as `2026-12-15 09:00`. */
export function beijingMinute(iso: string): string {
  return new Date(Date.parse(iso) + BEIJING_OFFSET_MS).toISOString().slice(0, 16).replace('T', ' ');
}

/** An instant in Beijing time, in Chinese: `2026年12月15日 09:00` (`withYear: false`: `12月15日 09:00`). */
export function zhDateTime(iso: string, withYear = true): string {
  const [date = '', time = ''] = beijingMinute(iso).split(' ');
  const [y, m, d] = date.split('-');
  return `${withYear ? `${y}年` : ''}${Number(m)}月${Number(d)}日 ${time}`;
}

/**
 * A period in Beijing time, in Chinese, as short as stays unambiguous: `2026年12月15日 09:00–17:00` within a day,
 * `2026年12月15日 09:00 至 12月16日 17:00` within a year, both years in full otherwise.
 */
export function zhPeriod(fromIso: string, toIso: string): string {
  const fromDate = beijingMinute(fromIso).slice(0, 10);
  const [toDate = '', toTime = ''] = beijingMinute(toIso).split(' ');
  if (fromDate === toDate) return `${zhDateTime(fromIso)}–${toTime}`;
  return `${zhDateTime(fromIso)} 至 ${zhDateTime(toIso, fromDate.slice(0, 4) !== toDate.slice(0, 4))}`;
}
