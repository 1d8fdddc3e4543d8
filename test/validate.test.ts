// The generator's promise: everything it writes passes every check, for every vLLM version and
// deployment shape; and `vllm-obs validate` reports what the checks and the real tools find.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { NEWEST_VERSION } from '../src/catalog/index.js';
import { TEMPLATES, templatePath } from '../src/commands/init.js';
import { loadConfig } from '../src/config/load.js';
import type { ConfigInput } from '../src/config/types.js';
import { writeOutput } from '../src/emit/write.js';
import { generate } from '../src/generate.js';
import { validateArtifacts } from '../src/validate/index.js';
import { findTool, runTools } from '../src/validate/promtool.js';
import { runCli } from './helpers/cli.js';
import { toolOrSkip } from './helpers/tools.js';

const VERSIONS = ['0.6.2', '0.7', '0.8.3', '0.10', '0.11', NEWEST_VERSION, '>=0.8 <0.9', '>=0.10 <0.13', '>=0.12 <0.14'];

const CONFIGS: [string, ConfigInput][] = [
  ['the built-in default', {}],
  ...VERSIONS.map((version): [string, ConfigInput] => [`vLLM ${version}`, { vllm: { version } }]),
  ['every optional vLLM feature', { vllm: { features: { speculativeDecoding: true, lora: true, multimodal: true } } }],
  ['DCGM and Prometheus self-scrape', { extraJobs: { dcgm: true, prometheus: true } }],
  ['Thanos rules', { rules: { flavour: 'thanos' } }],
  ['Mimir rules', { rules: { flavour: 'mimir' } }],
  ['the vllm_ prefix', { vllm: { metricPrefix: 'vllm_' } }],
  ["Ray's ray_vllm_ prefix", { vllm: { metricPrefix: 'ray_vllm_' } }],
];

function findings(config: ConfigInput): string[] {
  const { artifacts, setup } = generate(config, { validate: false });
  return validateArtifacts(artifacts, setup);
}

describe('the generated output passes every in-process check', () => {
  for (const [name, config] of CONFIGS) {
    it(name, () => {
      expect(findings(config)).toEqual([]);
    });
  }

  for (const template of TEMPLATES) {
    it(`the ${template} template`, () => {
      expect(findings(loadConfig({ path: templatePath(template) }).config)).toEqual([]);
    });
  }

  it('reports the same lines in the same order every time', () => {
    const { artifacts, setup } = generate({}, { validate: false });
    const broken = artifacts.map((a) => (a.kind === 'dashboard' ? { ...a, data: { ...(a.data as object), editable: true, uid: 'bad uid' } } : a));
    const first = validateArtifacts(broken, setup);
    expect(first.length).toBeGreaterThan(0);
    expect(validateArtifacts(broken, setup)).toEqual(first);
  });
});

describe('the external tools', () => {
  const { artifacts, setup } = generate({}, { validate: false });

  it('a missing promtool or amtool is one skip line outside CI, and a failure under CI', () => {
    const local = runTools(artifacts, setup, { find: () => undefined, ci: false });
    expect(local.problems).toEqual([]);
    expect(local.skipped).toHaveLength(3);
    expect(local.skipped[0]).toMatch(/^promtool not found on PATH: skipped promtool check config, check rules and test rules/);
    expect(local.skipped[2]).toMatch(/^amtool not found on PATH: skipped amtool check-config and the Alertmanager routing tests/);
    const ci = runTools(artifacts, setup, { find: () => undefined, ci: true });
    expect(ci.problems).toEqual([
      expect.stringMatching(/^promtool: not found on PATH, and CI requires it/),
      expect.stringMatching(/^amtool: not found on PATH, and CI requires it \(install the Debian package prometheus-alertmanager\)/),
    ]);
  });
});

describe('vllm-obs validate (the CLI)', () => {
  it('prints exactly the in-process findings and the tools\' problems, and exits 1 only when there are any', () => {
    const dir = mkdtempSync(join(tmpdir(), 'vllm-obs-validate-'));
    const result = runCli(['validate'], dir);
    const { artifacts, setup } = generate({}, { validate: false });
    const expected = validateArtifacts(artifacts, setup);
    const printed = result.stdout.split('\n').filter(Boolean);
    expect(printed.slice(0, expected.length)).toEqual(expected);
    // the verdict is the last line of stdout, where the results go
    const verdict = printed.pop()!;
    expect(verdict).toMatch(/^\d+ files valid|^\d+ problem\(s\) in the generated output/);
    expect(result.status, result.stderr).toBe(printed.length === 0 ? 0 : 1);
    expect(result.stderr).not.toMatch(/files valid|problem\(s\) in the generated output/);
  });

  it('the kubernetes template is valid even where promtool lacks kubernetes_sd_configs, and says how it checked', () => {
    const dir = mkdtempSync(join(tmpdir(), 'vllm-obs-validate-k8s-'));
    const result = runCli(['validate', '--config', templatePath('kubernetes')], dir);
    expect(result.status, `${result.stdout}${result.stderr}`).toBe(0);
    expect(result.stdout).toMatch(/files valid; ran promtool check config/);
    const promtool = findTool('promtool');
    const probe = join(dir, 'k8s-sd.yml');
    writeFileSync(probe, 'scrape_configs:\n  - job_name: x\n    kubernetes_sd_configs: [{role: pod}]\n');
    const lacksSd = promtool !== undefined && /kubernetes_sd_configs not found/.test(String(spawnSync(promtool, ['check', 'config', probe], { encoding: 'utf8' }).stdout) + String(spawnSync(promtool, ['check', 'config', probe], { encoding: 'utf8' }).stderr));
    if (lacksSd) {
      expect(result.stderr.split('\n').filter((l) => l.includes('kubernetes_sd_configs'))).toEqual([
        'promtool here is built without kubernetes_sd_configs: checked prometheus/prometheus.yml with those blocks swapped for static ones; the kubernetes_sd_configs blocks were checked by schema only',
      ]);
    }
  });

  // The first hour, as a new user runs it: init each template, generate, check, validate with this
  // machine's promtool, blackbox_exporter and amtool.
  it.each(TEMPLATES)('the %s template: init, generate, generate --check and validate all exit 0', (template) => {
    if (toolOrSkip('promtool') === undefined || toolOrSkip('amtool') === undefined) return;
    const dir = mkdtempSync(join(tmpdir(), `vllm-obs-first-hour-${template}-`));
    try {
      for (const args of [['init', '--template', template], ['generate'], ['generate', '--check'], ['validate', '--out', 'out']]) {
        const result = runCli(args, dir);
        expect(result.status, `vllm-obs ${args.join(' ')}: ${result.stdout}${result.stderr}`).toBe(0);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('--out: a directory holding other files than the generated ones is reported as stale', () => {
    const dir = mkdtempSync(join(tmpdir(), 'vllm-obs-validate-out-'));
    const { files } = generate({}, { validate: false });
    writeOutput(join(dir, 'out'), files);
    const fresh = runCli(['validate', '--out', 'out'], dir);
    expect(fresh.stdout).not.toMatch(/differ from the generated output/);
    writeFileSync(join(dir, 'out', 'prometheus', 'prometheus.yml'), '# edited by hand\n');
    const stale = runCli(['validate', '--out', 'out'], dir);
    expect(stale.status).toBe(1);
    expect(stale.stdout).toMatch(/^out\/: 1 file\(s\) differ from the generated output \(prometheus\/prometheus\.yml\); run `vllm-obs generate`$/m);
  }, 180_000);

  it('a broken config is bad input (exit 2), not a finding', () => {
    const dir = mkdtempSync(join(tmpdir(), 'vllm-obs-validate-bad-'));
    writeFileSync(join(dir, 'vllm-obs.yaml'), 'scrape:\n  interval: soon\n');
    const result = runCli(['validate'], dir);
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/vllm-obs\.yaml:2:\d+: scrape\.interval/);
  });
});
