// A small parser for the Prometheus text exposition format (0.0.4; OpenMetrics' `# EOF` and unit
// lines are tolerated). Strict about syntax, because a page that only looks like metrics (an HTML
// error page, a JSON body) must be told apart from a real /metrics answer.

export interface ParsedSample {
  readonly name: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly value: number;
}

export interface ParsedFamily {
  readonly name: string;
  /** counter, gauge, histogram, summary, untyped (no TYPE line) … */
  readonly type: string;
  readonly help?: string;
  readonly samples: ParsedSample[];
}

export interface Exposition {
  /** By family name, in the order they appear. */
  readonly families: ReadonlyMap<string, ParsedFamily>;
  readonly samples: readonly ParsedSample[];
}

export class ExpositionError extends Error {
  constructor(
    readonly line: number,
    message: string,
  ) {
    super(`line ${line}: ${message}`);
    this.name = 'ExpositionError';
  }
}

const NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*/;
const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*/;
/** Sample suffixes that belong to the family they extend. */
const FAMILY_SUFFIXES = ['_bucket', '_count', '_sum', '_created', '_total', '_gcount', '_gsum', '_info'];

function parseNumber(text: string, line: number): number {
  switch (text) {
    case '+Inf':
    case 'Inf':
      return Infinity;
    case '-Inf':
      return -Infinity;
    case 'NaN':
      return NaN;
  }
  const value = Number(text);
  if (text === '' || Number.isNaN(value)) throw new ExpositionError(line, `"${text}" is not a sample value`);
  return value;
}

/** `{a="x",b="y"}` starting at `text[0] === '{'`; returns the labels and the rest of the line. */
function parseLabels(text: string, line: number): [Record<string, string>, string] {
  const labels: Record<string, string> = {};
  let rest = text.slice(1).trimStart();
  while (!rest.startsWith('}')) {
    const name = LABEL_NAME.exec(rest)?.[0];
    if (name === undefined) throw new ExpositionError(line, `bad label name at "${rest.slice(0, 20)}"`);
    rest = rest.slice(name.length).trimStart();
    if (!rest.startsWith('="')) throw new ExpositionError(line, `expected ="…" after label ${name}`);
    let value = '';
    let i = 2;
    for (; i < rest.length && rest[i] !== '"'; i++) {
      if (rest[i] === '\\') {
        const next = rest[++i];
        value += next === 'n' ? '\n' : next;
      } else value += rest[i];
    }
    if (i >= rest.length) throw new ExpositionError(line, `unterminated value of label ${name}`);
    labels[name] = value;
    rest = rest.slice(i + 1).trimStart();
    if (rest.startsWith(',')) rest = rest.slice(1).trimStart();
    else if (!rest.startsWith('}')) throw new ExpositionError(line, `expected , or } after label ${name}`);
  }
  return [labels, rest.slice(1)];
}

function parseSample(text: string, line: number): ParsedSample {
  const name = NAME.exec(text)?.[0];
  if (name === undefined) throw new ExpositionError(line, `not a metric sample: "${text.slice(0, 40)}"`);
  let rest = text.slice(name.length);
  let labels: Record<string, string> = {};
  if (rest.startsWith('{')) [labels, rest] = parseLabels(rest, line);
  const fields = rest.trim().split(/\s+/);
  // value [timestamp]; OpenMetrics exemplars (`# {…} v`) follow a hash
  const hash = fields.indexOf('#');
  const kept = hash >= 0 ? fields.slice(0, hash) : fields;
  if (kept.length < 1 || kept.length > 2 || !/^\s/.test(rest)) throw new ExpositionError(line, `expected "<value> [timestamp]" after ${name}`);
  return { name, labels, value: parseNumber(kept[0], line) };
}

function familyNameOf(sample: string, declared: ReadonlyMap<string, unknown>): string {
  if (declared.has(sample)) return sample;
  const suffix = FAMILY_SUFFIXES.find((s) => sample.endsWith(s) && declared.has(sample.slice(0, -s.length)));
  return suffix === undefined ? sample : sample.slice(0, -suffix.length);
}

export function parseExposition(text: string): Exposition {
  const families = new Map<string, { name: string; type: string; help?: string; samples: ParsedSample[] }>();
  const samples: ParsedSample[] = [];
  const family = (name: string) => {
    let f = families.get(name);
    if (f === undefined) {
      f = { name, type: 'untyped', samples: [] };
      families.set(name, f);
    }
    return f;
  };
  const lines = text.split('\n');
  lines.forEach((raw, index) => {
    const line = index + 1;
    const text = raw.trim();
    if (text === '') return;
    if (text.startsWith('#')) {
      const meta = /^#\s*(HELP|TYPE|UNIT)\s+([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\s+(.*))?$/.exec(text);
      if (meta?.[1] === 'HELP') family(meta[2]).help = (meta[3] ?? '').replace(/\\n/g, '\n').replace(/\\\\/g, '\\');
      if (meta?.[1] === 'TYPE') family(meta[2]).type = (meta[3] ?? 'untyped').trim();
      return;
    }
    const sample = parseSample(text, line);
    samples.push(sample);
    family(familyNameOf(sample.name, families)).samples.push(sample);
  });
  return { families, samples };
}
