// The Prometheus text format (0.0.4) exactly as Python's prometheus_client writes it, because that is
// what vLLM serves: `1.0` for whole numbers, `le="+Inf"`, Go-style exponents for large values, and the
// `_created` samples moved into their own gauge family after the family they belong to.
import type { MetricType } from '../catalog/index.js';

export const CONTENT_TYPE = 'text/plain; version=0.0.4; charset=utf-8';

export interface Sample {
  readonly name: string;
  readonly labels: readonly (readonly [string, string])[];
  readonly value: number;
}

export interface RenderedFamily {
  readonly name: string;
  readonly type: MetricType;
  readonly help: string;
  readonly samples: readonly Sample[];
  /** `<family>_created` samples, written as a separate gauge family as prometheus_client does. */
  readonly created: readonly Sample[];
  /** Name of the created family (counters drop `_total` first). */
  readonly createdName: string;
}

/** Python's repr of a float: shortest round-trip digits, always a `.0` or an exponent. */
function pythonRepr(value: number): string {
  if (Number.isInteger(value) && Math.abs(value) < 1e16) return `${value}.0`;
  const abs = Math.abs(value);
  if (abs >= 1e16 || abs < 1e-4) {
    const [mantissa, exponent] = value.toExponential().split('e');
    const sign = exponent.startsWith('-') ? '-' : '+';
    return `${mantissa}e${sign}${exponent.replace(/^[-+]/, '').padStart(2, '0')}`;
  }
  return String(value);
}

/** prometheus_client's floatToGoString: Go switches to exponents sooner than Python does. */
export function formatValue(value: number): string {
  if (value === Infinity) return '+Inf';
  if (value === -Infinity) return '-Inf';
  if (Number.isNaN(value)) return 'NaN';
  const s = pythonRepr(value);
  const dot = s.indexOf('.');
  if (value > 0 && dot > 6) {
    const mantissa = `${s[0]}.${s.slice(1, dot)}${s.slice(dot + 1)}`.replace(/[0.]+$/, '');
    return `${mantissa}e+0${dot - 1}`;
  }
  return s;
}

function escapeLabelValue(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/"/g, '\\"');
}

function escapeHelp(help: string): string {
  return help.replace(/\\/g, '\\\\').replace(/\n/g, '\\n');
}

function sampleLine(sample: Sample): string {
  const labels = sample.labels.map(([k, v]) => `${k}="${escapeLabelValue(v)}"`).join(',');
  return `${sample.name}${labels ? `{${labels}}` : ''} ${formatValue(sample.value)}\n`;
}

function header(name: string, help: string, type: string): string {
  return `# HELP ${name} ${escapeHelp(help)}\n# TYPE ${name} ${type}\n`;
}

export function renderFamilies(families: readonly RenderedFamily[]): string {
  let out = '';
  for (const family of families) {
    out += header(family.name, family.help, family.type);
    for (const sample of family.samples) out += sampleLine(sample);
    if (family.created.length > 0) {
      out += header(family.createdName, family.help, 'gauge');
      for (const sample of family.created) out += sampleLine(sample);
    }
  }
  return out;
}
