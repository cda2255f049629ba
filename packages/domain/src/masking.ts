/**
 * Showing a person without disclosing them (domain.md § Resident ID: "show it masked everywhere
 * but the worker's own profile"); the public certificate check shows the holder's name this way.
 */

/**
 * 王建国 → 王*国, 张伟 → 张*, 司马相如 → 司**如: the first and (from three characters) the last
 * character kept, every other one a `*`. Counts characters, not UTF-16 units, so a rare
 * character outside the BMP is one character. Surrounding spaces are dropped.
 */
export function maskName(name: string | null | undefined): string {
  const chars = Array.from((name ?? '').trim());
  if (chars.length === 0) return '';
  if (chars.length === 1) return '*';
  if (chars.length === 2) return `${chars[0]}*`;
  return `${chars[0]}${'*'.repeat(chars.length - 2)}${chars[chars.length - 1]}`;
}
