// Prometheus' template functions humanize, humanizePercentage and humanizeDuration (template.go),
// reproduced so generated promtool tests can state the exact annotation an alert renders. They use
// Go's `%.4g`, which rounds the exact binary value half-to-even and trims trailing zeros.

const BIG_PREFIXES = ['k', 'M', 'G', 'T', 'P', 'E', 'Z', 'Y'];
const SMALL_PREFIXES = ['m', 'u', 'n', 'p', 'f', 'a', 'z', 'y'];
const PRECISION = 4;

interface Decimal {
  /** Significant digits without trailing zeros. */
  digits: string;
  /** Position of the decimal point relative to the first digit (Go's `dp`). */
  point: number;
}

/** |v| rounded to `precision` significant digits, half-to-even on its exact decimal expansion. */
function roundDecimal(v: number, precision: number): Decimal {
  const [mantissa, exponent] = Math.abs(v).toExponential(99).split('e');
  const all = mantissa.replace('.', '');
  const kept = all.slice(0, precision).split('').map(Number);
  const rest = all.slice(precision);
  const tie = rest[0] === '5' && /^50*$/.test(rest);
  const up = rest[0] > '5' || (rest[0] === '5' && !tie) || (tie && kept[kept.length - 1] % 2 === 1);
  let point = Number(exponent) + 1;
  if (up) {
    let i = kept.length - 1;
    while (i >= 0 && kept[i] === 9) kept[i--] = 0;
    if (i < 0) {
      kept.unshift(1);
      kept.pop();
      point += 1;
    } else kept[i] += 1;
  }
  return { digits: kept.join('').replace(/0+$/, '') || '0', point };
}

/** Go's fmt `%.4g`. */
export function formatG(v: number): string {
  if (Number.isNaN(v)) return 'NaN';
  if (!Number.isFinite(v)) return v > 0 ? '+Inf' : '-Inf';
  if (v === 0) return '0';
  const sign = v < 0 ? '-' : '';
  const { digits, point } = roundDecimal(v, PRECISION);
  const exponent = point - 1;
  const exponentLimit = PRECISION > digits.length && digits.length >= point ? digits.length : PRECISION;
  if (exponent < -4 || exponent >= exponentLimit) {
    const fraction = digits.slice(1);
    const e = Math.abs(exponent).toString().padStart(2, '0');
    return `${sign}${digits[0]}${fraction ? `.${fraction}` : ''}e${exponent < 0 ? '-' : '+'}${e}`;
  }
  const padded = point <= 0 ? '0'.repeat(1 - point) + digits : digits.padEnd(point, '0');
  const integerLength = Math.max(point, 1);
  const integer = padded.slice(0, integerLength);
  const fraction = padded.slice(integerLength);
  return `${sign}${integer}${fraction ? `.${fraction}` : ''}`;
}

function scaled(v: number): { value: number; prefix: string } {
  let value = v;
  let prefix = '';
  if (Math.abs(value) >= 1) {
    for (const p of BIG_PREFIXES) {
      if (Math.abs(value) < 1000) break;
      prefix = p;
      value /= 1000;
    }
  } else {
    for (const p of SMALL_PREFIXES) {
      if (Math.abs(value) >= 1) break;
      prefix = p;
      value *= 1000;
    }
  }
  return { value, prefix };
}

export function humanize(v: number): string {
  if (v === 0 || !Number.isFinite(v)) return formatG(v);
  const { value, prefix } = scaled(v);
  return `${formatG(value)}${prefix}`;
}

export function humanizePercentage(v: number): string {
  return `${formatG(v * 100)}%`;
}

export function humanizeDuration(v: number): string {
  if (!Number.isFinite(v)) return formatG(v);
  if (v === 0) return `${formatG(v)}s`;
  if (Math.abs(v) < 1) {
    const { value, prefix } = scaled(v);
    return `${formatG(value)}${prefix}s`;
  }
  const sign = v < 0 ? '-' : '';
  const total = Math.trunc(Math.abs(v));
  const seconds = total % 60;
  const minutes = Math.trunc(total / 60) % 60;
  const hours = Math.trunc(total / 3600) % 24;
  const days = Math.trunc(total / 86400);
  if (days !== 0) return `${sign}${days}d ${hours}h ${minutes}m ${seconds}s`;
  if (hours !== 0) return `${sign}${hours}h ${minutes}m ${seconds}s`;
  if (minutes !== 0) return `${sign}${minutes}m ${seconds}s`;
  return `${sign}${formatG(Math.abs(v))}s`;
}

/** Go's fmt `%.<decimals>f`: the exact binary value rounded half-to-even (JavaScript's toFixed rounds
 *  exact ties up, so 0.125 would print 0.13 where Go prints 0.12). */
export function formatFixed(v: number, decimals: number): string {
  if (Number.isNaN(v)) return 'NaN';
  if (!Number.isFinite(v)) return v > 0 ? '+Inf' : '-Inf';
  const sign = v < 0 || Object.is(v, -0) ? '-' : '';
  // beyond 1e21 toFixed switches to exponent notation; such doubles are whole numbers anyway
  const exact = Math.abs(v) >= 1e21 ? `${BigInt(Math.abs(v))}.0` : Math.abs(v).toFixed(100);
  const [integer, fraction] = exact.split('.');
  const digits = (integer + fraction.padEnd(decimals, '0').slice(0, decimals)).split('').map(Number);
  const rest = fraction.slice(decimals);
  const tie = /^50*$/.test(rest);
  const up = rest[0] > '5' || (rest[0] === '5' && !tie) || (tie && digits[digits.length - 1] % 2 === 1);
  if (up) {
    let i = digits.length - 1;
    while (i >= 0 && digits[i] === 9) digits[i--] = 0;
    if (i < 0) digits.unshift(1);
    else digits[i] += 1;
  }
  const text = digits.join('');
  const whole = text.slice(0, text.length - decimals) || '0';
  return decimals > 0 ? `${sign}${whole}.${text.slice(text.length - decimals)}` : `${sign}${whole}`;
}
