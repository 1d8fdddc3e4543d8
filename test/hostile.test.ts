// A model name made of every PromQL, regex, YAML and shell special character flows from the config
// into rule expressions, promtool test files and YAML. The output must load in promtool, and in a
// live Prometheus its selectors must pick exactly that model's series, not its look-alikes.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NEWEST_VERSION } from '../src/catalog/index.js';
import { generate } from '../src/generate.js';
import { analyzePromql } from '../src/promql/index.js';
import { LABEL } from '../src/model/index.js';
import { startSimulator, type RunningSimulator } from '../src/simulate/index.js';
import { query, startPrometheus, waitFor, type Server } from './helpers/servers.js';
import { toolOrSkip } from './helpers/tools.js';

const HOSTILE = 'llama-3.1-8b+lora "q" \'s\' `b` \\ $HOME ${x} {{ $labels }} [a] (b) {c} |d ^e* ?f .g #h: &i; <j> !k %l @m ~n ,o =p /q é🙂';
/** Names a sloppy matcher would also catch: regex metacharacters taken literally or as wildcards. */
const DECOYS = ['llama-3.1-8b+lora', 'llama-3x1-8bblora "q"', HOSTILE.replace('🙂', ''), `${HOSTILE} `];

const promtool = toolOrSkip('promtool');
const prometheusBin = toolOrSkip('prometheus');

function configFor(targets: string[]) {
  return {
    vllm: { version: NEWEST_VERSION },
    scrape: { targets, interval: '1s', timeout: '1s' },
    health: { enabled: false },
    rules: { evaluationInterval: '1s' },
    // alerts stay inside the test: no push to whatever listens on localhost:9093
    alerting: { alertmanagers: [] },
    slos: [
      { name: 'hostile-availability', kind: 'availability' as const, objective: 99, model: HOSTILE },
      { name: 'hostile-ttft', kind: 'latency' as const, latency: 'ttft' as const, threshold: 2.5, objective: 99, model: HOSTILE },
    ],
  };
}

function writeTree(files: ReadonlyMap<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'vllm-obs-hostile-'));
  for (const [path, content] of files) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), content);
  }
  return dir;
}

/** Every selector in the rule files that names the model, as written (without functions around it). */
function modelSelectors(files: ReadonlyMap<string, string>): string[] {
  const selectors = new Set<string>();
  for (const [path, content] of files) {
    if (!path.endsWith('.rules.yml')) continue;
    for (const line of content.split('\n')) {
      const expr = /^\s+expr: (.*)$/.exec(line)?.[1];
      if (!expr) continue;
      const text = expr.startsWith("'") || expr.startsWith('"') ? (JSON.parse(expr.startsWith("'") ? `"${expr.slice(1, -1).replace(/''/g, "'").replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"` : expr) as string) : expr;
      for (const s of analyzePromql(text).selectors) {
        if (s.matchers.some((m) => m.name === LABEL.model && m.value === HOSTILE)) selectors.add(text.slice(s.from, exprEnd(text, s.from)));
      }
    }
  }
  return [...selectors];
}

/** End of the selector starting at `from`: its closing brace, outside string literals. */
function exprEnd(text: string, from: number): number {
  let inString = false;
  for (let i = from; i < text.length; i++) {
    const ch = text[i];
    if (inString) {
      if (ch === '\\') i++;
      else if (ch === '"') inString = false;
    } else if (ch === '"') inString = true;
    else if (ch === '}') return i + 1;
  }
  return text.length;
}

describe.skipIf(!promtool)('a hostile model name', () => {
  const { files } = generate(configFor(['127.0.0.1:9']));
  const dir = writeTree(files);

  it('appears escaped in the rules, and promtool checks and tests them', () => {
    const rules = [...files.keys()].filter((p) => p.endsWith('.rules.yml')).map((p) => join(dir, p));
    const tests = [...files.keys()].filter((p) => p.endsWith('.test.yml')).map((p) => join(dir, p));
    expect(execFileSync(promtool!, ['check', 'rules', ...rules], { encoding: 'utf8' })).toContain('SUCCESS');
    expect(execFileSync(promtool!, ['check', 'config', join(dir, 'prometheus/prometheus.yml')], { encoding: 'utf8' })).toContain('SUCCESS');
    execFileSync(promtool!, ['test', 'rules', ...tests], { cwd: dir, encoding: 'utf8' });
    expect(modelSelectors(files).length).toBeGreaterThan(0);
  }, 300_000);
});

/** Go template text in config values that land in alert labels and annotations. */
const TEMPLATE_TEXT = {
  end: '{{ end }}',
  query: '{{ with query "up" }}{{ . | first | value }}{{ end }}',
  raw: '`{{` raw `}}` and }} alone',
  braces: '{{{x}}} {{- trim -}} {{/* comment */}}',
};

describe.skipIf(!promtool)('Go template text in config values renders literally', () => {
  const runbook = `https://runbooks.example/${TEMPLATE_TEXT.end}/%s?q=${TEMPLATE_TEXT.query}`;
  const dashboard = `http://grafana.example/d/%s?x=${TEMPLATE_TEXT.raw}&y=${TEMPLATE_TEXT.braces}`;
  const { files } = generate({
    vllm: { version: NEWEST_VERSION },
    scrape: { targets: ['127.0.0.1:9'] },
    rules: {
      labels: TEMPLATE_TEXT,
      runbookUrlPattern: runbook,
      dashboardUrlPattern: dashboard,
      alerts: { VllmTargetDown: { labels: { owner: '{{ $labels.instance }}' } } },
    },
  });
  const dir = writeTree(files);

  it('the rule files hold escaped templates, which promtool accepts', () => {
    const alerts = files.get('prometheus/rules/vllm-alerts.rules.yml')!;
    expect(alerts).toContain('{{ "{{" }} end }}');
    expect(alerts).not.toMatch(/[^"]\{\{ end \}\}/);
    const rules = [...files.keys()].filter((p) => p.endsWith('.rules.yml')).map((p) => join(dir, p));
    expect(execFileSync(promtool!, ['check', 'rules', ...rules], { encoding: 'utf8' })).toContain('SUCCESS');
  });

  it('promtool test rules sees every label and annotation equal to the literal config value', () => {
    // the generated tests expect the literal text: they pass only if Prometheus renders it unchanged
    const tests = files.get('prometheus/tests/vllm-alerts.test.yml')!;
    expect(tests).toContain(TEMPLATE_TEXT.query);
    expect(tests).toContain(runbook.replace('%s', 'vllmtargetdown'));
    expect(tests).toContain('owner: "{{ $labels.instance }}"');
    const testFiles = [...files.keys()].filter((p) => p.endsWith('.test.yml')).map((p) => join(dir, p));
    execFileSync(promtool!, ['test', 'rules', ...testFiles], { cwd: dir, encoding: 'utf8' });
  }, 300_000);
});

describe.skipIf(!promtool || !prometheusBin)('a hostile model name against a live Prometheus', () => {
  let simulators: RunningSimulator[] = [];
  let prometheus: Server | undefined;
  let selectors: string[] = [];

  beforeAll(async () => {
    simulators = await Promise.all([
      startSimulator({ host: '127.0.0.1', port: 0, version: NEWEST_VERSION, models: [HOSTILE, DECOYS[0]] }),
      startSimulator({ host: '127.0.0.1', port: 0, version: NEWEST_VERSION, models: DECOYS.slice(1) }),
    ]);
    const { files } = generate(configFor(simulators.map((s) => s.target)));
    selectors = modelSelectors(files);
    const prometheusFiles: Record<string, string> = {};
    for (const [path, content] of files) if (path.startsWith('prometheus/')) prometheusFiles[path.slice('prometheus/'.length)] = content;
    prometheus = await startPrometheus(prometheusBin!, prometheusFiles);
    await waitFor('both simulators scraped', async () => (await query(prometheus!, 'up == 1')).length === 2, 60_000);
  });

  afterAll(async () => {
    await prometheus?.stop();
    await Promise.all(simulators.map((s) => s.stop()));
  });

  it('every selector that names the model returns that model\'s series and no other', async () => {
    expect(selectors.length).toBeGreaterThan(0);
    for (const selector of selectors) {
      const series = await waitFor(`data for ${selector}`, async () => {
        const result = await query(prometheus!, selector);
        return result.length > 0 ? result : undefined;
      });
      for (const s of series) expect(s.metric[LABEL.model]).toBe(HOSTILE);
    }
    const decoys = await query(prometheus!, `count by (${LABEL.model}) ({${LABEL.model}!=""})`);
    expect(decoys.map((s) => s.metric[LABEL.model]).sort()).toEqual([HOSTILE, ...DECOYS].sort());
  });
});
