/**
 * `<input type="datetime-local">` values are wall-clock times without a zone; contests are run in
 * Beijing time (UTC+8, no daylight saving), so the form reads and writes them at +08:00 whatever the
 * browser's or server's zone.
 */
const OFFSET_MS = 8 * 60 * 60 * 1000;
const LOCAL = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/;

/** ISO instant → `YYYY-MM-DDTHH:mm` in Beijing time ('' for nothing or nonsense). */
export function toShanghaiInput(iso: string | null | undefined): string {
  if (!iso) return '';
  const t = new Date(iso).getTime();
  if (Number.isNaN(t)) return '';
  return new Date(t + OFFSET_MS).toISOString().slice(0, 16);
}

/** `YYYY-MM-DDTHH:mm` (Beijing time) → ISO 8601 with the +08:00 offset, or null when malformed. */
export function fromShanghaiInput(value: string): string | null {
  const match = LOCAL.exec(value.trim());
  if (!match) return null;
  const [, y, mo, d, h, mi, s] = match;
  const iso = `${y}-${mo}-${d}T${h}:${mi}:${s ?? '00'}+08:00`;
  return Number.isNaN(new Date(iso).getTime()) ? null : iso;
}
