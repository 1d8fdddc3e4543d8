import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readTree } from './helpers/files.js';
import { generate } from '../src/generate.js';
import { loadConfig } from '../src/config/load.js';
import { TEMPLATES, templatePath } from '../src/commands/init.js';
import { runCli } from './helpers/cli.js';


describe('vllm-obs generate', () => {
  it('writes out/ from the built-in default with no config file, byte-identical on a second run', () => {
    const dir = mkdtempSync(join(tmpdir(), 'vllm-obs-gen-'));
    const first = runCli(['generate'], dir);
    expect(first.status, first.stderr).toBe(0);
    const a = readTree(join(dir, 'out'));
    expect(Object.keys(a)).toContain('prometheus/prometheus.yml');
    expect(Object.keys(a).some((p) => p.startsWith('grafana/dashboards/'))).toBe(true);
    const second = runCli(['generate'], dir);
    expect(second.status).toBe(0);
    expect(second.stdout).toContain('already up to date');
    expect(readTree(join(dir, 'out'))).toEqual(a);
  });

  it('--check exits 0 when up to date and 1 naming the files after a config change', () => {
    const dir = mkdtempSync(join(tmpdir(), 'vllm-obs-check-'));
    expect(runCli(['generate'], dir).status).toBe(0);
    const clean = runCli(['generate', '--check'], dir);
    expect(clean.status, clean.stdout + clean.stderr).toBe(0);
    writeFileSync(join(dir, 'vllm-obs.yaml'), 'scrape:\n  interval: 45s\n');
    const stale = runCli(['generate', '--check'], dir);
    expect(stale.status).toBe(1);
    expect(stale.stdout).toMatch(/changed: out\/prometheus\/prometheus\.yml/);
    expect(readTree(join(dir, 'out'))['prometheus/prometheus.yml']).not.toContain('45s');
  });

  it('--out overrides output.dir', () => {
    const dir = mkdtempSync(join(tmpdir(), 'vllm-obs-outflag-'));
    expect(runCli(['generate', '--out', 'elsewhere'], dir).status).toBe(0);
    expect(existsSync(join(dir, 'elsewhere', 'prometheus', 'prometheus.yml'))).toBe(true);
    expect(existsSync(join(dir, 'out'))).toBe(false);
  });

  it('the library returns the same files in memory as the CLI writes', () => {
    const dir = mkdtempSync(join(tmpdir(), 'vllm-obs-lib-'));
    expect(runCli(['generate'], dir).status).toBe(0);
    const onDisk = readTree(join(dir, 'out'));
    const { files } = generate({});
    for (const [path, content] of files) expect(onDisk[path]).toBe(content);
  });
});

describe('vllm-obs init', () => {
  it.each(TEMPLATES)('template %s loads and generates', (name) => {
    const config = loadConfig({ path: templatePath(name) }).config;
    expect(generate(config).files.size).toBeGreaterThan(0);
  });

  it('writes vllm-obs.yaml and refuses to overwrite without --force', () => {
    const dir = mkdtempSync(join(tmpdir(), 'vllm-obs-init-'));
    expect(runCli(['init', '--template', 'kubernetes'], dir).status).toBe(0);
    expect(readFileSync(join(dir, 'vllm-obs.yaml'), 'utf8')).toBe(readFileSync(templatePath('kubernetes'), 'utf8'));
    const again = runCli(['init'], dir);
    expect(again.status).toBe(2);
    expect(again.stderr).toContain('--force');
    expect(runCli(['init', '--force'], dir).status).toBe(0);
    expect(readFileSync(join(dir, 'vllm-obs.yaml'), 'utf8')).toBe(readFileSync(templatePath('single-host'), 'utf8'));
    expect(runCli(['init', '--template', 'nope'], dir).status).toBe(2);
  });
});

describe('configs without measurable SLOs', () => {
  it.each([
    ['no SLOs', { slos: [] }],
    ['an availability SLO vLLM 0.7 cannot measure', { vllm: { version: '0.7' }, slos: [{ name: 'a', kind: 'availability' as const, objective: 99 }] }],
  ])('%s: the SLO dashboard has no SLO row and no slo variable, and validates', (_name, config) => {
    const { files } = generate(config);
    const slo = JSON.parse(files.get('grafana/dashboards/vllm-slo.json')!);
    expect(slo.templating.list.map((v: { name: string }) => v.name)).not.toContain('slo');
    expect(slo.panels ?? []).toEqual([]);
  });
});
