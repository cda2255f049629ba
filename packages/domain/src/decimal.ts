/**
 * Exact decimal arithmetic on the numbers people typed. A JS number is read as its shortest
 * round-trip decimal (String(1.005) === '1.005'), so 1.005 rounds to 1.01 and 100 × 0.29 is
 * exactly 29 — binary floating point gets both wrong (domain.md § Scoring: "rounded half-up").
 */
export interface Decimal {
  /** value = units × 10^-scale */
  units: bigint;
  scale: number;
}

export function toDecimal(x: number): Decimal {
  if (!Number.isFinite(x)) throw new RangeError(`not a finite number: ${x}`);
  const [mantissa = '0', exponent = '0'] = String(x).toLowerCase().split('e');
  const negative = mantissa.startsWith('-');
  const [whole = '0', fraction = ''] = mantissa.replace('-', '').split('.');
  let units = BigInt(whole + fraction);
  let scale = fraction.length - Number(exponent);
  if (scale < 0) {
    units *= 10n ** BigInt(-scale);
    scale = 0;
  }
  return { units: negative ? -units : units, scale };
}

export function decimalToNumber(d: Decimal): number {
  return Number(`${d.units}e-${d.scale}`);
}

function atScale(d: Decimal, scale: number): bigint {
  return d.units * 10n ** BigInt(scale - d.scale);
}

export function addDecimals(a: Decimal, b: Decimal): Decimal {
  const scale = Math.max(a.scale, b.scale);
  return { units: atScale(a, scale) + atScale(b, scale), scale };
}

export function multiplyDecimals(a: Decimal, b: Decimal): Decimal {
  return { units: a.units * b.units, scale: a.scale + b.scale };
}

/** Sign of a − b, exactly. */
export function compareDecimals(a: Decimal, b: Decimal): -1 | 0 | 1 {
  const scale = Math.max(a.scale, b.scale);
  const diff = atScale(a, scale) - atScale(b, scale);
  return diff < 0n ? -1 : diff > 0n ? 1 : 0;
}

/** ⌊d⌋ as a number (toward −∞). */
export function floorDecimal(d: Decimal): number {
  const divisor = 10n ** BigInt(d.scale);
  let q = d.units / divisor;
  if (d.units < 0n && d.units % divisor !== 0n) q -= 1n;
  return Number(q);
}

/** Round half away from zero (四舍五入) to `places` decimals, exactly. */
export function roundDecimal(d: Decimal, places: number): Decimal {
  if (d.scale <= places) return d;
  const divisor = 10n ** BigInt(d.scale - places);
  const magnitude = d.units < 0n ? -d.units : d.units;
  let q = magnitude / divisor;
  if ((magnitude % divisor) * 2n >= divisor) q += 1n;
  return { units: d.units < 0n ? -q : q, scale: places };
}

/**
 * The same Decimal with number units, when the number's shortest decimal form has no exponent and at most 15
 * digits (so the units are a safe integer, exactly); else null. The fast path of the arithmetic below: no BigInt.
 */
export function smallDecimal(x: number): { units: number; scale: number } | null {
  if (!Number.isFinite(x)) return null;
  const s = String(x);
  if (s.includes('e')) return null;
  const dot = s.indexOf('.');
  const digits = dot < 0 ? s : s.slice(0, dot) + s.slice(dot + 1);
  if (digits.length - (s.charCodeAt(0) === 45 /* - */ ? 1 : 0) > 15) return null;
  return { units: Number(digits), scale: dot < 0 ? 0 : s.length - dot - 1 };
}

/**
 * units × 10^-scale rounded half away from zero to `places` (≤ 22) decimals, as a number — exactly
 * decimalToNumber(roundDecimal(…)) for safe-integer units: `%` and the division of a multiple are exact on safe
 * integers, and q / 10^places is the correctly rounded value of q·10^-places, as parsing "qe-places" is. Never -0.
 */
export function roundSmall(units: number, scale: number, places: number): number {
  let magnitude = Math.abs(units);
  let at = scale;
  if (scale > places) {
    const divisor = 10 ** (scale - places);
    const rest = magnitude % divisor;
    magnitude = (magnitude - rest) / divisor + (rest * 2 >= divisor ? 1 : 0);
    at = places;
  }
  const value = magnitude / 10 ** at;
  return value === 0 ? 0 : units < 0 ? -value : value;
}

/**
 * roundHalfUp on the number's shortest decimal string, without BigInt, when that has no exponent and the digits kept
 * are at most 15 (a safe integer); else null. Half away from zero looks at the first dropped digit only: the dropped
 * part is ≥ one half exactly when that digit is ≥ 5.
 */
function roundShort(x: number, places: number): number | null {
  if (!Number.isFinite(x)) return null;
  const s = String(x);
  if (s.includes('e')) return null;
  const dot = s.indexOf('.');
  if (dot < 0 || s.length - dot - 1 <= places) return x === 0 ? 0 : x; // nothing to drop: the number itself
  const negative = s.charCodeAt(0) === 45; /* - */
  const kept = s.slice(negative ? 1 : 0, dot) + s.slice(dot + 1, dot + 1 + places);
  if (kept.length > 15) return null;
  const magnitude = Number(kept) + (s.charCodeAt(dot + 1 + places) >= 53 /* 5 */ ? 1 : 0);
  const value = magnitude / 10 ** places;
  return value === 0 ? 0 : negative ? -value : value;
}

/**
 * Round half-up to `places` decimals (default 2), decimal-safe: roundHalfUp(1.005) === 1.01,
 * roundHalfUp(2.675) === 2.68. Negative halves round away from zero (−1.005 → −1.01).
 */
export function roundHalfUp(x: number, places = 2): number {
  if (!Number.isInteger(places) || places < 0) throw new RangeError(`places must be a non-negative integer: ${places}`);
  const fast = places <= 22 ? roundShort(x, places) : null;
  if (fast !== null) return fast;
  const rounded = decimalToNumber(roundDecimal(toDecimal(x), places));
  return rounded === 0 ? 0 : rounded; // never -0
}
