/** Beijing wall-clock time (Asia/Shanghai, UTC+8, no daylight saving) to and from ISO instants for form fields. */
const OFFSET_MS = 8 * 3600_000;

/** `2026-05-01T09:00` (a datetime-local value read as Beijing time) → ISO with +08:00, or null. */
export function beijingLocalToIso(value: string): string | null {
  const match = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})$/.exec(value.trim());
  if (!match) return null;
  const iso = `${match[1]}T${match[2]}:00+08:00`;
  return Number.isNaN(new Date(iso).getTime()) ? null : iso;
}

/** An instant as a datetime-local value in Beijing time. */
export function isoToBeijingLocal(iso: string | Date): string {
  const d = new Date(new Date(iso).getTime() + OFFSET_MS);
  return d.toISOString().slice(0, 16);
}

/** The time of day (HH:mm) of an instant in Beijing. */
export function beijingTime(iso: string): string {
  return isoToBeijingLocal(iso).slice(11);
}
