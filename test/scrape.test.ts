// prometheus.yml, blackbox.yml and file_sd target files: checked by the real promtool and
// blackbox-exporter where they can run, and by their structure where a choice of ours is the point.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { TEMPLATES, templatePath } from '../src/commands/init.js';
import { loadConfig } from '../src/config/load.js';
import type { ConfigInput } from '../src/config/types.js';
import { assertSafeRelativePath } from '../src/emit/paths.js';
import { InputError } from '../src/errors.js';
import { generate } from '../src/generate.js';
import { OUT } from '../src/model/index.js';
import { targetFiles } from '../src/scrape/filesd.js';
import { toolOrSkip } from './helpers/tools.js';

/** Our artifacts, without the other builders' in-process checks (covered by their own tests). */
const build = (config: ConfigInput) => generate(config, { validate: false });

type Job = Record<string, any>;

function prometheusYml(config: ConfigInput): { global: Job; rule_files?: string[]; scrape_configs: Job[] } {
  return parse(build(config).files.get(OUT.prometheusConfig)!);
}

function job(config: ConfigInput, name: string): Job {
  const found = prometheusYml(config).scrape_configs.find((j) => j.job_name === name);
  if (!found) throw new Error(`no job ${name}`);
  return found;
}

const temps: string[] = [];
afterAll(() => temps.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

/** The whole generated tree in a temp dir, as `vllm-obs generate` would write it. */
function writeTree(files: ReadonlyMap<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'vllm-obs-scrape-'));
  temps.push(dir);
  for (const [path, content] of files) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), content);
  }
  return dir;
}

const promtool = toolOrSkip('promtool');
const blackbox = toolOrSkip('prometheus-blackbox-exporter');

/** Debian builds Prometheus without Kubernetes service discovery; detect it rather than assume. */
function promtoolKnowsKubernetesSd(bin: string): boolean {
  const dir = writeTree(new Map([['p.yml', 'scrape_configs:\n  - job_name: x\n    kubernetes_sd_configs: [{role: pod}]\n']]));
  return spawnSync(bin, ['check', 'config', join(dir, 'p.yml')], { encoding: 'utf8' }).status === 0;
}

describe.skipIf(!promtool)('promtool check config on the generated output', () => {
  const kubernetesSd = promtool ? promtoolKnowsKubernetesSd(promtool) : false;
  if (!kubernetesSd) {
    console.warn(
      '\n*** promtool here is built without kubernetes_sd_configs (Debian): the kubernetes template is checked with each ' +
        'kubernetes_sd_configs block swapped for a static one; the block itself is checked by structure below ***\n',
    );
  }

  it.each(TEMPLATES)('template %s: prometheus.yml and the rule files it loads pass', (template) => {
    const { config } = loadConfig({ path: templatePath(template) });
    const dir = writeTree(build(config).files);
    const file = join(dir, OUT.prometheusConfig);
    if (!kubernetesSd) writeFileSync(file, withoutKubernetesSd(readFileSync(file, 'utf8')));
    const result = spawnSync(promtool!, ['check', 'config', file], { encoding: 'utf8' });
    expect(result.status, result.stdout + result.stderr).toBe(0);
    expect(result.stdout).toContain('SUCCESS');
  });

  it('passes with every optional job, TLS and file credentials switched on', () => {
    // promtool opens every referenced credential file, so they must exist.
    const secrets = writeTree(new Map(['ca.pem', 'client.pem', 'client.key', 'token'].map((name) => [name, 'x\n'])));
    const dir = writeTree(
      build({
        scrape: {
          scheme: 'https',
          tls: { caFile: join(secrets, 'ca.pem'), certFile: join(secrets, 'client.pem'), keyFile: join(secrets, 'client.key'), serverName: 'vllm' },
          bearerTokenFile: join(secrets, 'token'),
        },
        extraJobs: { prometheus: true, dcgm: true, dcgmTargets: ['gpu1:9400', 'gpu2:9400'] },
        externalLabels: { zone: 'b', region: 'eu' },
        cluster: { name: 'c1' },
        deployments: [{ name: 'llama', cluster: 'c1', namespace: 'inference', targets: ['10.0.0.1:8000'], labels: { team: 'ml' } }],
      }).files,
    );
    const result = spawnSync(promtool!, ['check', 'config', join(dir, OUT.prometheusConfig)], { encoding: 'utf8' });
    expect(result.status, result.stdout + result.stderr).toBe(0);
  });

  it.each([
    ['pod', false],
    ['pod', true],
    ['endpoints', false],
    ['endpoints', true],
  ] as const)('Kubernetes discovery, role %s, by annotations: %s', (role, useAnnotations) => {
    const dir = writeTree(build({ scrape: { discovery: 'kubernetes', targets: [], kubernetes: { role, useAnnotations, namespaces: ['a', 'b'] } } }).files);
    const file = join(dir, OUT.prometheusConfig);
    if (!kubernetesSd) writeFileSync(file, withoutKubernetesSd(readFileSync(file, 'utf8')));
    const result = spawnSync(promtool!, ['check', 'config', file], { encoding: 'utf8' });
    expect(result.status, result.stdout + result.stderr).toBe(0);
  });

  it('fails on a broken config, so the passes above mean something', () => {
    const dir = writeTree(new Map([['p.yml', 'scrape_configs:\n  - job_name: x\n    relabel_configs: [{regex: "(", source_labels: [a]}]\n']]));
    expect(spawnSync(promtool!, ['check', 'config', join(dir, 'p.yml')]).status).not.toBe(0);
  });
});

/** Replaces Kubernetes discovery by one static target; every other line, relabelings included, stays. */
function withoutKubernetesSd(yamlText: string): string {
  const doc = parse(yamlText);
  for (const j of doc.scrape_configs) {
    if (!j.kubernetes_sd_configs) continue;
    delete j.kubernetes_sd_configs;
    j.static_configs = [{ targets: ['stand-in.invalid:8000'] }];
  }
  return stringify(doc);
}

describe.skipIf(!blackbox)('blackbox.yml', () => {
  it.each([
    ['http', {}],
    ['https with a CA', { scrape: { scheme: 'https', tls: { caFile: '/etc/ssl/ca.pem', insecureSkipVerify: false } } }],
  ] as const)('%s: blackbox-exporter --config.check accepts it', (_, config) => {
    const dir = writeTree(build(config as ConfigInput).files);
    const result = spawnSync(blackbox!, [`--config.file=${join(dir, OUT.blackbox)}`, '--config.check'], { encoding: 'utf8' });
    expect(result.status, result.stderr).toBe(0);
  });

  it('fails on a misspelt key, so the pass above means something', () => {
    const dir = writeTree(new Map([['b.yml', 'modules:\n  m:\n    prober: http\n    http:\n      follow_redirectz: false\n']]));
    expect(spawnSync(blackbox!, [`--config.file=${join(dir, 'b.yml')}`, '--config.check']).status).not.toBe(0);
  });
});

describe('prometheus.yml', () => {
  it('global: intervals, and external labels from cluster.name and externalLabels, sorted', () => {
    const { global } = prometheusYml({
      scrape: { interval: '20s', timeout: '5s' },
      rules: { evaluationInterval: '1m' },
      cluster: { name: 'us-east-1' },
      externalLabels: { zone: 'a', env: 'prod' },
    });
    expect(global).toEqual({
      scrape_interval: '20s',
      scrape_timeout: '5s',
      evaluation_interval: '1m',
      external_labels: { cluster: 'us-east-1', env: 'prod', zone: 'a' },
    });
    expect(Object.keys(global.external_labels)).toEqual(['cluster', 'env', 'zone']);
  });

  it('loads rules/*.rules.yml in the prometheus flavour only (Thanos and Mimir rulers load theirs)', () => {
    expect(prometheusYml({}).rule_files).toEqual(['rules/*.rules.yml']);
    expect(prometheusYml({ rules: { flavour: 'thanos' } }).rule_files).toBeUndefined();
  });

  it('each deployment is its own target group with deployment, cluster, namespace and its labels, never model_name', () => {
    const vllm = job(
      {
        scrape: { targets: ['10.0.0.1:8000'] },
        cluster: { label: 'k8s_cluster' },
        deployments: [
          { name: 'llama', model: 'meta-llama/Llama-3.1-8B-Instruct', cluster: 'eu', namespace: 'inference', targets: ['10.0.0.2:8000'], labels: { zeta: '1', alpha: '2' } },
          { name: 'empty', targets: [] },
        ],
      },
      'vllm',
    );
    expect(vllm.static_configs).toEqual([
      { targets: ['10.0.0.1:8000'] },
      { targets: ['10.0.0.2:8000'], labels: { alpha: '2', deployment: 'llama', k8s_cluster: 'eu', namespace: 'inference', zeta: '1' } },
    ]);
    expect(Object.keys(vllm.static_configs[1].labels)).toEqual(['alpha', 'deployment', 'k8s_cluster', 'namespace', 'zeta']);
  });

  it.each(['model_name', 'instance', 'deployment', 'cluster', 'namespace', '__address__'])('a deployment may not set the %s label', (label) => {
    expect(() => build({ deployments: [{ name: 'd', targets: ['h:1'], labels: { [label]: 'x' } }] })).toThrow(InputError);
  });

  it('the health job probes the same targets through the exporter, keeping instance as host:port', () => {
    const health = job({ scrape: { targets: ['10.0.0.1:8000'], scheme: 'https' }, health: { blackboxExporter: 'bb:9115', path: '/health', interval: '5s' } }, 'vllm-health');
    expect(health.metrics_path).toBe('/probe');
    expect(health.params).toEqual({ module: ['vllm_health'] });
    expect(health.scrape_interval).toBe('5s');
    expect(health.scrape_timeout).toBe('5s');
    expect(health.static_configs).toEqual([{ targets: ['10.0.0.1:8000'] }]);
    expect(health.relabel_configs).toEqual([
      { source_labels: ['__address__'], target_label: '__param_target', replacement: 'https://$1/health' },
      { source_labels: ['__address__'], target_label: 'instance' },
      { target_label: '__address__', replacement: 'bb:9115' },
    ]);
  });

  it('health.enabled: false drops the probe job and blackbox.yml', () => {
    const { files } = build({ health: { enabled: false } });
    expect(parse(files.get(OUT.prometheusConfig)!).scrape_configs.map((j: Job) => j.job_name)).toEqual(['vllm']);
    expect(files.has(OUT.blackbox)).toBe(false);
  });

  it('extra jobs switch on Prometheus itself and DCGM', () => {
    const names = prometheusYml({ extraJobs: { prometheus: true, dcgm: true } }).scrape_configs.map((j) => j.job_name);
    expect(names).toEqual(['vllm', 'vllm-health', 'prometheus', 'dcgm-exporter']);
    expect(() => build({ scrape: { jobName: 'prometheus' }, extraJobs: { prometheus: true } })).toThrow(/job names must be unique/);
  });

  it('credentials only as file references, and one way at a time', () => {
    const vllm = job({ scrape: { bearerTokenFile: '/run/token', tls: { caFile: '/ca.pem' } } }, 'vllm');
    expect(vllm.authorization).toEqual({ type: 'Bearer', credentials_file: '/run/token' });
    expect(vllm.tls_config).toEqual({ ca_file: '/ca.pem' });
    expect(job({ scrape: { basicAuth: { username: 'u', passwordFile: '/run/pw' } } }, 'vllm').basic_auth).toEqual({ username: 'u', password_file: '/run/pw' });
    expect(() => build({ scrape: { bearerTokenFile: '/t', basicAuth: { username: 'u', passwordFile: '/p' } } })).toThrow(InputError);
    expect(() => build({ scrape: { tls: { certFile: '/c.pem' } } })).toThrow(/certFile and keyFile go together/);
  });

  it('Kubernetes discovery: role, namespaces, selector, keep by port name, copy namespace/pod/container', () => {
    const config: ConfigInput = { scrape: { discovery: 'kubernetes', targets: [], kubernetes: { namespaces: ['inference'], portName: 'http.api' } } };
    const vllm = job(config, 'vllm');
    expect(vllm.kubernetes_sd_configs).toEqual([{ role: 'pod', namespaces: { names: ['inference'] }, selectors: [{ role: 'pod', label: 'app.kubernetes.io/name=vllm' }] }]);
    expect(vllm.relabel_configs).toContainEqual({ source_labels: ['__meta_kubernetes_pod_container_port_name'], regex: 'http\\.api', action: 'keep' });
    for (const label of ['namespace', 'pod', 'container']) {
      expect(vllm.relabel_configs.map((r: Job) => r.target_label)).toContain(label);
    }
    const health = job(config, 'vllm-health');
    expect(health.kubernetes_sd_configs).toEqual(vllm.kubernetes_sd_configs);
    expect(health.relabel_configs.at(-1)).toEqual({ target_label: '__address__', replacement: 'localhost:9115' });
  });

  it('Kubernetes discovery by prometheus.io annotations; the path annotation never redirects the probe', () => {
    const config: ConfigInput = { scrape: { discovery: 'kubernetes', targets: [], kubernetes: { role: 'endpoints', useAnnotations: true } } };
    const vllm = job(config, 'vllm');
    expect(vllm.kubernetes_sd_configs[0].role).toBe('endpoints');
    expect(vllm.relabel_configs).toContainEqual({ source_labels: ['__meta_kubernetes_service_annotation_prometheus_io_scrape'], regex: 'true', action: 'keep' });
    expect(vllm.relabel_configs.map((r: Job) => r.target_label)).toContain('__metrics_path__');
    expect(job(config, 'vllm-health').relabel_configs.map((r: Job) => r.target_label)).not.toContain('__metrics_path__');
  });

  it('the relabel regexes compile as RE2 would (no JavaScript-only syntax)', () => {
    for (const j of prometheusYml({ scrape: { discovery: 'kubernetes', targets: [], kubernetes: { useAnnotations: true } } }).scrape_configs) {
      for (const r of j.relabel_configs ?? []) if (r.regex) expect(() => new RegExp(`^(?:${r.regex})$`)).not.toThrow();
    }
  });
});

describe('file_sd target files', () => {
  const fileSd = (deployments: ConfigInput['deployments'], targets: string[] = []) =>
    build({ scrape: { discovery: 'file_sd', targets }, deployments }).files;

  it('one file per deployment plus static.json, and the job reads them relative to prometheus.yml', () => {
    const files = fileSd([{ name: 'llama', targets: ['10.0.0.1:8000'], labels: { team: 'ml' } }], ['10.0.0.9:8000']);
    expect(JSON.parse(files.get(`${OUT.targets}/llama.json`)!)).toEqual([{ targets: ['10.0.0.1:8000'], labels: { deployment: 'llama', team: 'ml' } }]);
    expect(JSON.parse(files.get(`${OUT.targets}/static.json`)!)).toEqual([{ targets: ['10.0.0.9:8000'] }]);
    const vllm = parse(files.get(OUT.prometheusConfig)!).scrape_configs[0];
    expect(vllm.file_sd_configs).toEqual([{ files: ['targets/*.json'], refresh_interval: '1m' }]);
  });

  it('names stay lower-case, distinct and inside targets/ whatever the deployment is called', () => {
    const names = ['Llama', 'llama', 'static', 'a.b', 'a_b', 'a-b', 'x'.repeat(63)];
    const files = [...fileSd(names.map((name) => ({ name, targets: ['h:1'] })), ['h:2']).keys()].filter((p) => p.startsWith(OUT.targets));
    expect(files).toHaveLength(names.length + 1);
    for (const path of files) {
      expect(() => assertSafeRelativePath(path)).not.toThrow();
      expect(path).toMatch(/^prometheus\/targets\/[a-z0-9][a-z0-9-]*\.json$/);
    }
    expect(files).toContain(`${OUT.targets}/llama.json`);
    expect(files).toContain(`${OUT.targets}/static.json`);
    expect(JSON.parse(fileSd([{ name: 'static', targets: ['h:1'] }], ['h:2']).get(`${OUT.targets}/static.json`)!)).toEqual([{ targets: ['h:2'] }]);
  });

  it('a name that could leave the directory never reaches the builder', () => {
    expect(() => fileSd([{ name: '../../etc/passwd', targets: ['h:1'] }])).toThrow(InputError);
  });

  it('any set of distinct deployment names gives distinct, safe file names (property)', () => {
    const name = fc.stringMatching(/^[A-Za-z0-9]([A-Za-z0-9._-]{0,61}[A-Za-z0-9])?$/);
    fc.assert(
      fc.property(fc.uniqueArray(name, { minLength: 1, maxLength: 8 }), (names) => {
        const paths = targetFiles([{ targets: ['h:2'], labels: {} }, ...names.map((n) => ({ deployment: n, targets: ['h:1'], labels: {} }))]).map((a) => a.path);
        expect(new Set(paths).size).toBe(names.length + 1);
        paths.forEach((path) => assertSafeRelativePath(path));
      }),
      { numRuns: 500 },
    );
  });

  it('output is byte-identical across runs and independent of label key order', () => {
    const a = fileSd([{ name: 'd', targets: ['h:1'], labels: { b: '1', a: '2' } }]);
    const b = fileSd([{ name: 'd', targets: ['h:1'], labels: { a: '2', b: '1' } }]);
    expect([...a]).toEqual([...b]);
  });
});

