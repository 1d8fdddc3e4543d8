// Differential test of lint's PromQL check against real promtool: a corpus of hand-picked edge
// cases and seeded mutations of vllm-obs's own rule expressions goes into one rule file, which
// `promtool check rules` and `vllm-obs lint` both read. Every expression promtool rejects, lint must
// reject; every one promtool accepts, lint must accept, except the documented cases below.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { parseConfig } from '../src/config/load.js';
import { TEMPLATES, templatePath } from '../src/commands/init.js';
import { generate } from '../src/generate.js';
import { lintFiles } from '../src/lint/index.js';
import { seededRandom } from '../src/simulate/random.js';
import { toolOrSkip } from './helpers/tools.js';

const promtool = toolOrSkip('promtool');
/** More mutants or another seed for a longer hunt: VLLM_OBS_PROMQL_MUTANTS=5000 VLLM_OBS_PROMQL_SEED=7. */
const MUTANTS = Number(process.env.VLLM_OBS_PROMQL_MUTANTS ?? 600);
const MUTATION_SEED = Number(process.env.VLLM_OBS_PROMQL_SEED ?? 1212);

/** Hand-picked: strings, escapes, numbers, durations, selectors, regexes, functions, aggregations,
 *  binary operators, modifiers and subqueries at and past the edges of what Prometheus accepts. */
const EDGE_CASES: readonly string[] = [
  // strings and escapes
  '"unterminated', "'unterminated", '`unterminated', '"ok"', "'ok'", '`ok`',
  'up{a="b\\q"}', 'up{a="\\x4"}', 'up{a="\\x41"}', 'up{a="\\u00e9"}', 'up{a="\\uD800"}', 'up{a="\\U0010FFFF"}', 'up{a="\\U00110000"}',
  'up{a="\\777"}', 'up{a="\\101"}', 'up{a="\\1"}', 'up{a="\\18"}', "up{a='\\\"'}", "up{a='\\''}", 'up{a="\\\'"}', 'up{a="\\""}', 'up{a="a\nb"}',
  'up{a=`a\nb`}', 'up{a=`\\q`}', 'up{a="\\a\\b\\f\\n\\r\\t\\v\\\\"}', 'up{a="\\', 'up{a="x\\"}', 'up{a="é🙂"}',
  'label_replace(up, "a", "$1", "b", "(.*")',
  // numbers
  '1', '1.', '.5', '1e5', '1E+5', '1e-5', '1e', '1e+', '0x1F', '0x', '0X1f', '0x1g', '010', '09', '0755', '1_000', '1e400', '-1e400', '1e308',
  'Inf', '-Inf', 'NaN', 'inf', 'nan', '+Inf', 'InF', '1.2.3', '5m', '1m + 1', '1 + -.5', '99999999999999999999', '0x7FFFFFFFFFFFFFFF', '0xFFFFFFFFFFFFFFFFF',
  '1 2', '.', '-', '+1', '- 1', '1 +- 1',
  // durations
  'up[5m]', 'up[0s]', 'up[0]', 'up[1000000000000000000000y]', 'up[292y]', 'up[293y]', 'up[106751d]', 'up[106752d]', 'up[1h1h]', 'up[1s1h]', 'up[1h30m]', 'up[5]',
  'up[5.5m]', 'up[5M]', 'up[1ms]', 'up[5m ]', 'up[ 5m]', 'up[]', 'up[5m', 'up5m]', 'up[-5m]', 'up[5m:]', 'up[5m:1m]', 'up[5m:0s]', 'up[5m::]', 'up[:5m]',
  'up offset 5m', 'up offset -5m', 'up offset 0s', 'up offset 1000000000000000000000y', 'up offset 5m offset 1m', 'up[5m] offset 1m', 'up[5m:1m] offset 1m',
  'rate(up[5m]) offset 1m', '(up) offset 1m', 'up offset', 'up offset 5', 'up offset 1h1h', 'up offset - 5m', 'up offset +5m', 'up[5m] offset 1m[5m]',
  'up @ 100', 'up @ start()', 'up @ end()', 'up @ 1e400', 'up @ Inf', 'up @ NaN', 'up @ -5', 'up @ 100 @ 200', 'up @ 100 offset 5m', 'up offset 5m @ 100',
  'sum(up) @ 100', 'up[5m] @ 100', 'up @ 0x10', 'up @ "1"', 'up @ start', 'up @ start() @ end()', 'up @ 1.5', 'rate(up[5m] @ 100)', 'up[5m:1m] @ 100',
  'up[5m+1m]', 'up[5m*2]', 'up[step()]', 'up offset (5m)', 'up[5m] smoothed', 'up anchored',
  // selectors and label names
  '{}', '{a=""}', '{a=~".*"}', '{a!=""}', '{a=~".+"}', '{a!~".*"}', '{a!~""}', 'up{__name__="x"}', '{__name__="x"}', '{__name__=~"x|y"}', '{__name__=""}',
  'up{1a="b"}', 'up{a-b="c"}', 'up{a="b",}', 'up{,}', 'up{a}', 'up{a=b}', 'up{a="b" b="c"}', 'up{a=="b"}', 'up{a=!"b"}', '{"a"="b"}', '{"up"}', 'up{"a"="b"}',
  'up{a=~"("}', 'up{a=~"(?i)x"}', 'up{a=~"(?=x)"}', 'up{a=~"\\\\d+"}', 'up{a=~"x{1001}"}', 'up{a=~"x{1000}"}', 'up{a=~"[[:alpha:]]"}', 'up{a=~"\\\\pL"}',
  'up{a=~"(?P<n>x)"}', 'up{a=~"a**"}', 'up{a=~"\\\\1"}', 'up{a=~"[z-a]"}', 'up{a=~"\\\\Qa.b\\\\E"}', 'up{a!~"["}', 'up{a=~"\\\\z"}', 'up{a=~"x++"}', 'up{a=~"(?s).*"}',
  'up{a=~"\\\\C"}', 'up{a=~"(?U)x*"}', 'up{a=~"[a-\\\\d]"}', 'up{a=~"\\\\b"}', 'up{a=~"^x$"}',
  'up:x', 'a:b:c', ':up', '_up', 'up-x', 'UP', 'sum', 'rate', 'by', 'on', 'bool', 'offset', 'and', 'without', 'group_left', 'ignoring', 'start', 'end',
  'sum:x', 'rate:x', 'x{}', 'x{a="1"}[5m]', 'up{a="b"}{c="d"}', 'up up', 'up(', 'up)', '(up', 'up]', '[5m]',
  // functions
  'rate(up)', 'rate(up[5m])', 'rate(up[5m], 1)', 'rate()', 'time()', 'time(1)', 'pi()', 'vector(1)', 'vector(up)', 'scalar(up)', 'scalar(up[5m])',
  'round(up)', 'round(up, 5)', 'round(up, 5, 6)', 'clamp(up, 0, 1)', 'clamp(up, 0)', 'clamp_max(up, 1)', 'label_join(up, "a", ",")', 'label_join(up, "a", ",", "b", "c")',
  'label_join(up, "a")', 'label_replace(up, "a", "b", "c")', 'label_replace(up, "a", "b", "c", "d")', 'label_replace(up, 1, "b", "c", "d")',
  'histogram_quantile(0.9, rate(x_bucket[5m]))', 'histogram_quantile(0.9)', 'histogram_quantile(up, up)', 'days_in_month()', 'days_in_month(up)',
  'days_in_month(up, up)', 'absent(nonexistent)', 'absent_over_time(up[5m])', 'quantile_over_time(0.5, up[5m])', 'predict_linear(up[5m], 3600)',
  'sort_desc(up)', 'foo(up)', 'Rate(up[5m])', 'RATE(up[5m])', 'histogram_count(up)', 'histogram_sum(up)', 'histogram_fraction(0, 1, up)', 'histogram_stddev(up)',
  'mad_over_time(up[5m])', 'sort_by_label(up, "a")', 'double_exponential_smoothing(up[5m], 0.5, 0.5)', 'info(up)', 'first_over_time(up[5m])',
  'day_of_year(up)', 'last_over_time(up[5m])', 'present_over_time(up[5m])', 'timestamp(up)', 'timestamp(up[5m])', 'rate(up[5m:1m])', 'rate((up[5m]))',
  'abs(-up)', 'ln(up)', 'exp(1)', 'sgn(up)', 'changes(up[5m])', 'resets(up[5m])', 'deriv(up[5m])', 'irate(up[5m])', 'idelta(up[5m])', 'delta(up[5m])',
  'year()', 'month(up)', 'hour(up)', 'minute()', 'day_of_week(up)', 'day_of_month()', 'rad(up)', 'deg(up)', 'sqrt(up)', 'floor(up)', 'ceil(up)',
  'acos(up)', 'asinh(up)', 'atan(up)', 'cos(up)', 'tanh(up)', 'log2(up)', 'log10(up)', 'stddev_over_time(up[5m])', 'stdvar_over_time(up[5m])', 'count_over_time(up[5m])',
  'sum_over_time(up[5m])', 'avg_over_time(up[5m])', 'max_over_time(up[5m])', 'min_over_time(up[5m])', 'increase(up[5m])', 'sort(up)', 'rate(up[5m],)',
  'rate (up[5m])', 'rate(up [5m])', 'rate(up[5m] )',
  // aggregations
  'sum(up)', 'sum(up, 1)', 'sum()', 'sum by (a) (up)', 'sum (up) by (a)', 'sum by (a) (up) by (b)', 'sum without (a) (up)', 'sum by () (up)', 'sum by (a,) (up)',
  'sum by (a b) (up)', 'sum by ("a") (up)', 'topk(3, up)', 'topk(up)', 'topk(up, 3)', 'topk("a", up)', 'quantile(0.5, up)', 'count_values("v", up)', 'count_values(1, up)',
  'count_values(up)', 'group(up)', 'stddev(up)', 'stdvar(up)', 'sum(up[5m])', 'sum(1)', 'sum("a")', 'limitk(1, up)', 'limit_ratio(0.5, up)', 'sum by (__name__) (up)',
  'avg(up)', 'min(up)', 'max(up)', 'count(up)', 'bottomk(2, up)', 'SUM(up)', 'sum by (1a) (up)', 'sum by (a) ()', 'sum by(a)(up)', 'count_values("", up)',
  // binary operators
  '1 + 1', '1 == 1', '1 == bool 1', 'up == 1', 'up == bool 1', 'up + bool 1', '1 and 1', 'up and 1', 'up and up', 'up and on(a) up', 'up and on(a) group_left up',
  'up + on(a) group_left(b) up', 'up + on(a) group_left(a) up', 'up + ignoring(a) group_left(a) up', 'up + on(a) 1', '1 + on(a) up', 'up + group_left up',
  'up or up', 'up unless up', 'up ^ up', 'up % up', 'up atan2 up', '1 atan2 1', 'up + "a"', '"a" + 1', 'up[5m] + 1', 'up + up[5m]', '-up', '-"a"', '-up[5m]',
  '+up', '--up', '- - up', 'up + - up', 'up == bool on(a) group_right up', 'up > bool up', '(up)', '((up))', '()', 'up +', '+ up', 'up == == up', 'up =~ up',
  'up != up', 'up <> up', 'up / on() group_left up', 'up + on(a,) up', 'up + on(a) group_left() up', 'up + on(a) group_right up', 'up * ignoring() up',
  'up and bool up', 'up or on(a) up', 'up unless ignoring(a) up', 'up == bool up', '1 > 2', '1 > bool 2', 'up + on (a) group_left (b) up', 'x fill(0) + y',
  '1 < bool up', 'up ^ -1', '2 ^ 3 ^ 2', 'up / 0', 'up trim_upper up', 'up and on() up', 'up or group_left up',
  // subqueries
  'rate(up[5m])[30m:1m]', 'up[5m][5m]', 'rate(up[5m][5m:])', '(up)[5m:]', '"a"[5m:]', 'up[5m:][5m:]', 'max_over_time(rate(up[5m])[30m:1m])', '1[5m:]',
  'max_over_time(up[5m:-1m])', 'up[5m:1m:1m]', '(up)[5m]', 'rate(up)[5m]', 'sum(up)[5m:]', 'up[5m:1m] @ start()', 'up[1000000000000000000000y:]',
  // comments, whitespace, empties
  'up # comment', '# only a comment', ' up ', 'up\n+\nup', 'sum\n(up)', 'up\t+\tup', '', ' ', 'up;', 'up,', 'up == 1 # c\n and up',
];

/** vllm-obs's own rule expressions: the default config, every template and every rule flavour. */
function ownExpressions(): string[] {
  const configs = [
    {},
    ...TEMPLATES.map((name) => parseConfig(readFileSync(templatePath(name), 'utf8'), name)),
    { vllm: { version: '0.7' } },
    { vllm: { version: '0.10', metricPrefix: 'vllm_' as const }, cluster: { multi: true } },
  ];
  const exprs = new Set<string>();
  for (const config of configs) {
    const { artifacts } = generate(config, { validate: false });
    for (const artifact of artifacts.filter((a) => a.kind === 'rules')) {
      for (const group of (artifact.data as { groups: { rules: { expr: string }[] }[] }).groups) for (const rule of group.rules) exprs.add(rule.expr);
    }
  }
  return [...exprs].sort();
}

/** Tokens a mutation inserts: each is something the PromQL grammar treats specially. */
const INSERTS = ['(', ')', '[', ']', '{', '}', '"', "'", '`', ',', ':', '5m', '1e999', '\\', ' offset 5m', ' @ 5', ' bool ', ' and ', '==', ' by (a) ', '[5m]', '0x', '.', '-',
  ' on(a) group_left(a) ', '[1000000000000000000000y]', '=~"("', '[0s]', ' offset 1h1h', '{}', '__name__', '!', ' or 1', '[5m:1m]', 'sum', 'rate', ' # '];

/** `count` seeded mutations: delete, duplicate, insert a token, swap two neighbours, or replace a duration. */
function mutations(seeds: readonly string[], count: number, seed: number): string[] {
  const random = seededRandom(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random.next() * items.length)];
  const out = new Set<string>();
  while (out.size < count) {
    const seed = pick(seeds);
    const at = Math.floor(random.next() * seed.length);
    const kind = Math.floor(random.next() * 6);
    let mutant: string;
    if (kind === 0) mutant = seed.slice(0, at) + seed.slice(at + 1);
    else if (kind === 1) mutant = seed.slice(0, at) + seed.slice(at, at + 3) + seed.slice(at);
    else if (kind === 2 || kind === 3) mutant = seed.slice(0, at) + pick(INSERTS) + seed.slice(at);
    else if (kind === 4) mutant = seed.slice(0, at) + seed.slice(at + 1, at + 2) + seed.slice(at, at + 1) + seed.slice(at + 2);
    else mutant = seed.replace(/\[(\d+[smhdwy])/, pick(['[0s', '[1000000000000000000000y', '[5', '[1h1h', '[5m:', '[-5m']));
    if (mutant !== seed) out.add(mutant);
  }
  return [...out];
}

/** Rejections lint makes on purpose although promtool 2.42 accepts the expression. */
const INTENTIONAL: readonly [RegExp, string][] = [
  [/\bholt_winters\(/, 'holt_winters was removed in Prometheus 3 (renamed double_exponential_smoothing); lint follows the current grammar'],
  // spellings the lezer grammar (Prometheus 3's) does not take; a dashboard that needs them is rare
  [/(^|[^\w.])[0-9]+\.(?![0-9])/, 'a number ending in a dot (1.): write 1 or 1.0'],
  [/0X[0-9a-fA-F]/, 'hexadecimal with a capital X (0X1f): write 0x1f'],
  [/^offset$/, 'a metric named like the offset keyword'],
];

interface Verdicts {
  readonly exprs: readonly string[];
  readonly promtool: ReadonlySet<number>;
  readonly lint: ReadonlyMap<number, string>;
}

function verdicts(exprs: readonly string[]): Verdicts {
  const dir = mkdtempSync(join(tmpdir(), 'vllm-obs-promql-diff-'));
  const file = join(dir, 'corpus.rules.yml');
  const rules = exprs.map((expr, i) => `      - record: r${i}\n        expr: ${JSON.stringify(expr)}`).join('\n');
  writeFileSync(file, `groups:\n  - name: corpus\n    rules:\n${rules}\n`);
  let output = '';
  try {
    output = execFileSync(promtool!, ['check', 'rules', file], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (error) {
    output = `${(error as { stdout?: string }).stdout ?? ''}${(error as { stderr?: string }).stderr ?? ''}`;
  }
  const rejected = new Set<number>();
  for (const match of output.matchAll(/group "corpus", rule (\d+), "r\d+"/g)) rejected.add(Number(match[1]) - 1);
  expect(output, 'promtool reported a whole-file problem, so per-rule verdicts are missing').not.toMatch(/yaml: |field .* not found/);
  const lint = new Map<number, string>();
  for (const finding of lintFiles([file]).findings) {
    const index = /^\/groups\/0\/rules\/(\d+)\/expr$/.exec(finding.pointer)?.[1];
    if (index !== undefined && finding.rule === 'rule-expr-promql') lint.set(Number(index), finding.message);
  }
  return { exprs, promtool: rejected, lint };
}

describe.skipIf(!promtool)('lint rejects every PromQL expression promtool rejects', () => {
  const own = ownExpressions();
  const corpus = [...new Set([...EDGE_CASES, ...own, ...mutations(own, MUTANTS, MUTATION_SEED)])];
  const result = verdicts(corpus);

  it(`the corpus is large and mixed (${corpus.length} expressions)`, () => {
    expect(corpus.length).toBeGreaterThan(700);
    expect(result.promtool.size).toBeGreaterThan(200);
    expect(corpus.length - result.promtool.size).toBeGreaterThan(200);
  });

  it('no expression promtool rejects passes lint', () => {
    const missed = [...result.promtool].filter((i) => !result.lint.has(i)).map((i) => JSON.stringify(corpus[i]));
    expect(missed).toEqual([]);
  });

  it('no expression promtool accepts is rejected by lint, except the documented cases', () => {
    const extra = corpus
      .map((expr, i) => ({ expr, i }))
      .filter(({ i }) => !result.promtool.has(i) && result.lint.has(i))
      .filter(({ expr }) => !INTENTIONAL.some(([pattern]) => pattern.test(expr)))
      .map(({ expr, i }) => `${JSON.stringify(expr)}: ${result.lint.get(i)}`);
    expect(extra).toEqual([]);
  });

  it('vllm-obs\'s own expressions all pass both', () => {
    const own = new Set(ownExpressions());
    const failing = corpus.map((expr, i) => ({ expr, i })).filter(({ expr, i }) => own.has(expr) && (result.promtool.has(i) || result.lint.has(i)));
    expect(failing).toEqual([]);
  });
});
