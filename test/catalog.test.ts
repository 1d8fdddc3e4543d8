import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  CatalogError,
  CONCEPTS,
  EXTERNAL_METRICS,
  KNOWN_VERSIONS,
  METRICS,
  NEWEST_VERSION,
  catalogFor,
  compareVersions,
  finishedReasons,
  formatCatalog,
  isAllowedExternal,
  parseVersionSpec,
  type Concept,
  type MetricDef,
  ALL_FEATURES,
  catalogVersionOf,
  deadEngineHealth,
  defaultApiServers,
  PREFIX_ORIGINS,
} from '../src/catalog/index.js';
import { bucketsAt } from '../src/catalog/buckets.js';
import { tmpdir } from 'node:os';
import { runCli } from './helpers/cli.js';

function bucketsOf(def: MetricDef, version: string): readonly number[] | undefined {
  return bucketsAt(def.buckets, version);
}


function errorOf(fn: () => unknown): Error {
  try {
    fn();
  } catch (e) {
    return e as Error;
  }
  throw new Error('expected a CatalogError, nothing was thrown');
}

describe('catalog versions', () => {
  it('lists the versions ascending, with the patch releases that changed metrics', () => {
    const sorted = [...KNOWN_VERSIONS].sort(compareVersions);
    expect(KNOWN_VERSIONS).toEqual(sorted);
    expect(new Set(KNOWN_VERSIONS).size).toBe(KNOWN_VERSIONS.length);
    expect(KNOWN_VERSIONS.slice(0, 10)).toEqual(['0.6', '0.6.3', '0.6.4', '0.7', '0.8', '0.8.3', '0.8.4', '0.8.5', '0.9', '0.9.2']);
    const newestMinor = Number(NEWEST_VERSION.split('.')[1]);
    expect(newestMinor).toBeGreaterThanOrEqual(30);
    for (let minor = 10; minor <= newestMinor; minor++) expect(KNOWN_VERSIONS).toContain(`0.${minor}`);
    expect(KNOWN_VERSIONS[KNOWN_VERSIONS.length - 1]).toBe(NEWEST_VERSION);
  });

  it('compares numerically, not as strings', () => {
    expect(compareVersions('0.9', '0.10')).toBeLessThan(0);
    expect(compareVersions('0.30', '0.4')).toBeGreaterThan(0);
    expect(compareVersions('0.11', '0.11.0')).toBe(0);
    expect(compareVersions('0.9.2', '0.9')).toBeGreaterThan(0);
  });

  it.each([
    ['0.11', ['0.11']],
    ['0.11.0', ['0.11']],
    ['0.11.2', ['0.11']],
    ['v0.10.1', ['0.10']],
    ['0.9.3', ['0.9.2']],
    ['0.9.1', ['0.9']],
    ['0.8.5', ['0.8.5']],
    ['0.8.4', ['0.8.4']],
    ['0.8.3', ['0.8.3']],
    ['0.8.2', ['0.8']],
    ['0.6.2', ['0.6']],
    ['0.6.3', ['0.6.3']],
    ['0.6.6', ['0.6.4']],
    ['0.30.4', ['0.30']],
  ])('maps the exact version %s to %j', (raw, versions) => {
    expect(parseVersionSpec(raw)).toEqual({ raw, versions, newerThanCatalog: false });
  });

  it.each([
    ['>=0.10 <0.13', ['0.10', '0.11', '0.12']],
    ['>= 0.10 < 0.13', ['0.10', '0.11', '0.12']],
    ['<=0.7', ['0.6', '0.6.3', '0.6.4', '0.7']],
    ['0.10 - 0.12', ['0.10', '0.11', '0.12']],
    ['>=0.8 <0.9', ['0.8', '0.8.3', '0.8.4', '0.8.5']],
    ['>=0.8.3 <=0.8.4', ['0.8.3', '0.8.4']],
    // 0.9.3 is a release the catalog models as 0.9.2, so the lower bound keeps 0.9.2
    ['>=0.9.3 <0.11', ['0.9.2', '0.10']],
    ['>0.28', ['0.29', '0.30']],
    ['>0.29.0', ['0.29', '0.30']],
  ])('covers %s as %j', (raw, versions) => {
    expect(parseVersionSpec(raw).versions).toEqual(versions);
  });

  it('covers open ranges up to the newest version', () => {
    const { versions } = parseVersionSpec('>=0.9.2');
    expect(versions[0]).toBe('0.9.2');
    expect(versions[versions.length - 1]).toBe(NEWEST_VERSION);
    expect(versions).toHaveLength(KNOWN_VERSIONS.length - KNOWN_VERSIONS.indexOf('0.9.2'));
  });

  it('rejects unknown versions with a one-line message that says what is allowed', () => {
    const err = errorOf(() => parseVersionSpec('0.5'));
    expect(err).toBeInstanceOf(CatalogError);
    expect(err).toBeInstanceOf(Error);
    expect(err.message).toBe(
      `unknown vLLM version "0.5"; known versions are 0.6 … ${NEWEST_VERSION}, or a range such as ">=0.10 <0.13"`,
    );
    for (const raw of ['latest', '', '0.x', '>=abc']) {
      const e = errorOf(() => parseVersionSpec(raw));
      expect(e, raw).toBeInstanceOf(CatalogError);
      expect(e.message, raw).not.toContain('\n');
    }
  });

  it('rejects ranges that cover no known version', () => {
    for (const raw of ['>=0.13 <0.12', '<0.6']) {
      const e = errorOf(() => parseVersionSpec(raw));
      expect(e, raw).toBeInstanceOf(CatalogError);
      expect(e.message).toMatch(/matches no known version; known versions are 0\.6 … 0\.30$/);
    }
    expect(errorOf(() => catalogFor({ versions: [] }))).toBeInstanceOf(CatalogError);
    expect(errorOf(() => catalogFor({ versions: ['0.5'] }))).toBeInstanceOf(CatalogError);
  });

  it('charts releases newer than the catalog with its newest version, and says so', () => {
    const newest = KNOWN_VERSIONS[KNOWN_VERSIONS.length - 1];
    const [major, minor] = newest.split('.').map(Number);
    const next = `${major}.${minor + 1}`;
    for (const raw of [next, `${next}.2`, `v${next}.0`, `${major + 1}.0`, `>=${next}`, `>${newest}`, `>=${major}.${minor - 1} <${major}.${minor + 3}`, `<=${next}`]) {
      const spec = parseVersionSpec(raw);
      expect(spec.newerThanCatalog, raw).toBe(true);
      expect(spec.versions.at(-1), raw).toBe(newest);
      expect(catalogVersionOf(raw.startsWith('v') || /^\d/.test(raw) ? raw : next), raw).toBe(newest);
    }
    // an open range is not about any release in particular: no warning
    for (const raw of [newest, `${newest}.4`, `>=0.10 <${next}`, `<=${newest}`, '0.11', '>=0.10', `>0.${minor - 2}`]) {
      expect(parseVersionSpec(raw).newerThanCatalog, raw).toBe(false);
    }
  });

  it('accepts an explicit version list, mapping patch releases and sorting', () => {
    expect(catalogFor({ versions: ['0.11.2', '0.7', '0.11'] }).versions).toEqual(['0.7', '0.11']);
    expect(catalogFor(parseVersionSpec('0.10 - 0.11')).versions).toEqual(['0.10', '0.11']);
  });
});

// The three signals that broke public dashboards on upgrade (reference §9): KV-cache usage,
// TPOT/ITL and the prefix-cache counters.
const PER_VERSION: Record<
  string,
  { kv: string[]; itl: string[]; hits: string[]; queries: string[]; hitRateGauge: string[]; engine: boolean }
> = {
  '0.7': {
    kv: ['vllm:gpu_cache_usage_perc'],
    itl: ['vllm:time_per_output_token_seconds'],
    hits: [],
    queries: [],
    hitRateGauge: ['vllm:gpu_prefix_cache_hit_rate'],
    engine: false,
  },
  '0.10': {
    kv: ['vllm:kv_cache_usage_perc'],
    itl: ['vllm:time_per_output_token_seconds'],
    hits: ['vllm:prefix_cache_hits_total'],
    queries: ['vllm:prefix_cache_queries_total'],
    hitRateGauge: [],
    engine: true,
  },
  '0.11': {
    kv: ['vllm:kv_cache_usage_perc'],
    itl: ['vllm:inter_token_latency_seconds'],
    hits: ['vllm:prefix_cache_hits_total'],
    queries: ['vllm:prefix_cache_queries_total'],
    hitRateGauge: [],
    engine: true,
  },
  '0.12': {
    kv: ['vllm:kv_cache_usage_perc'],
    itl: ['vllm:inter_token_latency_seconds'],
    hits: ['vllm:prefix_cache_hits_total'],
    queries: ['vllm:prefix_cache_queries_total'],
    hitRateGauge: [],
    engine: true,
  },
  '0.30': {
    kv: ['vllm:kv_cache_usage_perc'],
    itl: ['vllm:inter_token_latency_seconds'],
    hits: ['vllm:prefix_cache_hits_total'],
    queries: ['vllm:prefix_cache_queries_total'],
    hitRateGauge: [],
    engine: true,
  },
};

/** Which of the renamed metrics each version exposes by default. */
const EXPOSED: Record<string, Record<string, boolean>> = {
  'vllm:gpu_cache_usage_perc': { '0.7': true, '0.10': true, '0.11': false, '0.12': false, '0.30': false },
  'vllm:kv_cache_usage_perc': { '0.7': false, '0.10': true, '0.11': true, '0.12': true, '0.30': true },
  'vllm:time_per_output_token_seconds_bucket': { '0.7': true, '0.10': true, '0.11': true, '0.12': false, '0.30': false },
  'vllm:inter_token_latency_seconds_bucket': { '0.7': false, '0.10': false, '0.11': true, '0.12': true, '0.30': true },
  'vllm:request_time_per_output_token_seconds_sum': { '0.7': false, '0.10': false, '0.11': true, '0.12': true, '0.30': true },
  'vllm:gpu_prefix_cache_hits_total': { '0.7': false, '0.10': true, '0.11': false, '0.12': false, '0.30': false },
  'vllm:gpu_prefix_cache_queries_total': { '0.7': false, '0.10': true, '0.11': false, '0.12': false, '0.30': false },
  'vllm:prefix_cache_hits_total': { '0.7': false, '0.10': true, '0.11': true, '0.12': true, '0.30': true },
  'vllm:gpu_prefix_cache_hit_rate': { '0.7': true, '0.10': false, '0.11': false, '0.12': false, '0.30': false },
  'vllm:num_requests_swapped': { '0.7': true, '0.10': false, '0.11': false, '0.12': false, '0.30': false },
  http_requests_total: { '0.7': false, '0.10': true, '0.11': true, '0.12': true, '0.30': true },
};

describe.each(Object.keys(PER_VERSION))('vLLM %s', (version) => {
  const cat = catalogFor(version);
  const want = PER_VERSION[version];

  it('names the KV-cache usage, TPOT/ITL and prefix-cache metrics', () => {
    expect(cat.concept('kvCacheUsage')).toEqual(want.kv);
    expect(cat.concept('interTokenLatency')).toEqual(want.itl);
    expect(cat.concept('prefixCacheHits')).toEqual(want.hits);
    expect(cat.concept('prefixCacheQueries')).toEqual(want.queries);
    expect(cat.concept('prefixCacheHitRateGauge')).toEqual(want.hitRateGauge);
  });

  it('exposes exactly the renamed metrics the reference lists', () => {
    for (const [name, byVersion] of Object.entries(EXPOSED)) {
      expect(cat.exposes(name), `${name} in ${version}`).toBe(byVersion[version]);
    }
  });

  it('puts the engine label on V1 only', () => {
    expect(cat.hasEngineLabel).toBe(want.engine);
    expect(cat.isV0Only).toBe(!want.engine);
    expect(cat.mixed).toBe(false);
    const running = want.engine ? ['model_name', 'engine'] : ['model_name'];
    expect(cat.labelsOf('vllm:num_requests_running')).toEqual(running);
    expect(cat.labelsOf('request_success_total')).toEqual([...running, 'finished_reason']);
    expect(cat.labelsOf('vllm:cache_config_info')).not.toContain('model_name');
  });

  it('gives at most one name per concept', () => {
    for (const concept of Object.keys(CONCEPTS) as Concept[]) {
      expect(catalogFor(version, { features: ALL_FEATURES }).concept(concept).length, concept).toBeLessThanOrEqual(1);
    }
  });
});

describe('version ranges', () => {
  it('answers with every name the fleet uses, newest first', () => {
    const cat = catalogFor('>=0.8 <0.13');
    expect(cat.versions).toEqual(['0.8', '0.8.3', '0.8.4', '0.8.5', '0.9', '0.9.2', '0.10', '0.11', '0.12']);
    expect(cat.mixed).toBe(true);
    // 0.8.0–0.8.2 have no engine label yet
    expect(cat.hasEngineLabel).toBe(false);
    expect(cat.anyEngineLabel).toBe(true);
    expect(cat.concept('kvCacheUsage')).toEqual(['vllm:kv_cache_usage_perc', 'vllm:gpu_cache_usage_perc']);
    expect(cat.concept('interTokenLatency')).toEqual([
      'vllm:inter_token_latency_seconds',
      'vllm:time_per_output_token_seconds',
    ]);
    expect(cat.concept('prefixCacheHits')).toEqual([
      'vllm:prefix_cache_hits_total',
      'vllm:gpu_prefix_cache_hits_total',
    ]);
    expect(cat.versionsOf('vllm:gpu_cache_usage_perc')).toEqual(['0.8', '0.8.3', '0.8.4', '0.8.5', '0.9', '0.9.2', '0.10']);
  });

  it('prefers the new name in 0.9.2, where both are exposed and the old one is deprecated', () => {
    const cat = catalogFor('0.9.2');
    expect(cat.exposes('vllm:gpu_cache_usage_perc')).toBe(true);
    expect(cat.concept('kvCacheUsage')).toEqual(['vllm:kv_cache_usage_perc']);
    expect(catalogFor('0.8').concept('prefixCacheHits')).toEqual(['vllm:gpu_prefix_cache_hits_total']);
  });

  it('drops the engine label when the range reaches back to V0', () => {
    const cat = catalogFor('<=0.8');
    expect(cat.hasEngineLabel).toBe(false);
    expect(cat.isV0Only).toBe(false);
    expect(cat.labelsOf('vllm:num_requests_running')).toEqual(['model_name']);
    // a metric exposed only in versions of the range that have the label keeps it
    expect(catalogFor('>=0.8.3 <0.9').labelsOf('vllm:gpu_prefix_cache_hits_total')).toEqual(['model_name', 'engine']);
    expect(catalogFor('>=0.7 <0.9').labelsOf('vllm:gpu_prefix_cache_hits_total')).toEqual(['model_name']);
  });

  it('knows a metric hidden from 0.11 is not exposed anywhere in >=0.11', () => {
    expect(catalogFor('>=0.11').exposes('vllm:gpu_cache_usage_perc')).toBe(false);
    expect(catalogFor('>=0.10 <0.13').exposes('vllm:gpu_cache_usage_perc')).toBe(true);
    expect(catalogFor('>=0.11').concept('kvCacheUsage')).toEqual(['vllm:kv_cache_usage_perc']);
  });

  it('lists metrics exposed in any covered version, sorted, with the versions they are in', () => {
    const metrics = catalogFor('>=0.10 <0.13').metrics();
    const names = metrics.map((m) => m.name);
    expect(names).toEqual([...names].sort());
    const tpot = metrics.find((m) => m.name === 'vllm:time_per_output_token_seconds');
    expect(tpot?.versions).toEqual(['0.10', '0.11']);
    expect(names).toContain('vllm:inter_token_latency_seconds');
    expect(names).not.toContain('vllm:num_requests_swapped');
  });

  it('unions finished_reason values', () => {
    expect(finishedReasons('0.10')).toEqual(['stop', 'length', 'abort']);
    expect(finishedReasons('0.11')).toEqual(['stop', 'length', 'abort']);
    expect(finishedReasons('0.12')).toEqual(['stop', 'length', 'abort']);
    expect(finishedReasons('0.13')).toEqual(['stop', 'length', 'abort', 'error']);
    expect(finishedReasons('0.16')).toEqual(['stop', 'length', 'abort', 'error']);
    expect(finishedReasons('0.17')).toEqual(['stop', 'length', 'abort', 'error', 'repetition']);
    expect(catalogFor('0.7').finishedReasons()).toEqual(['stop', 'length', 'abort']);
    expect(catalogFor('>=0.10 <0.18').finishedReasons()).toEqual(['stop', 'length', 'abort', 'error', 'repetition']);
  });
});

describe('the vllm_ prefix', () => {
  const cat = catalogFor('0.12', { prefix: 'vllm_' });

  it('changes every full name', () => {
    expect(cat.prefix).toBe('vllm_');
    expect(cat.concept('kvCacheUsage')).toEqual(['vllm_kv_cache_usage_perc']);
    expect(cat.name('num_requests_running')).toBe('vllm_num_requests_running');
    for (const m of cat.metrics()) expect(m.name.startsWith('vllm_')).toBe(true);
    expect(cat.name('http_requests_total')).toBe('http_requests_total');
  });

  it('only exposes names spelled with the configured prefix, but status() reads both', () => {
    expect(cat.exposes('vllm_kv_cache_usage_perc')).toBe(true);
    expect(cat.exposes('vllm:kv_cache_usage_perc')).toBe(false);
    expect(cat.exposes('kv_cache_usage_perc')).toBe(false);
    expect(cat.status('vllm:kv_cache_usage_perc')).toEqual({ kind: 'exposed' });
    expect(cat.status('vllm:gpu_cache_usage_perc')).toEqual({
      kind: 'removed',
      since: '0.12',
      replacement: 'vllm_kv_cache_usage_perc',
    });
  });

  it('rejects other prefixes', () => {
    expect(errorOf(() => catalogFor('0.12', { prefix: 'vllm::' as 'vllm:' }))).toBeInstanceOf(CatalogError);
  });
});

describe('status()', () => {
  it('reports hidden and removed metrics with their replacement', () => {
    const cat = catalogFor('>=0.10');
    expect(cat.status('vllm:gpu_cache_usage_perc', '0.10')).toEqual({ kind: 'exposed' });
    expect(cat.status('vllm:gpu_cache_usage_perc', '0.11')).toEqual({
      kind: 'hidden',
      since: '0.11',
      replacement: 'vllm:kv_cache_usage_perc',
    });
    expect(cat.status('vllm:gpu_cache_usage_perc')).toEqual({
      kind: 'removed',
      since: '0.12',
      replacement: 'vllm:kv_cache_usage_perc',
    });
    expect(cat.status('vllm:time_per_output_token_seconds_bucket', '0.12.1')).toEqual({
      kind: 'hidden',
      since: '0.12',
      replacement: 'vllm:inter_token_latency_seconds',
    });
    expect(cat.status('time_per_output_token_seconds', '0.15')).toEqual({
      kind: 'removed',
      since: '0.15',
      replacement: 'vllm:inter_token_latency_seconds',
    });
    expect(cat.status('vllm_gpu_prefix_cache_queries_total', '0.11')).toEqual({
      kind: 'hidden',
      since: '0.11',
      replacement: 'vllm:prefix_cache_queries_total',
    });
  });

  it('follows a chain of renames to the name the version has', () => {
    const cat = catalogFor('0.7');
    expect(cat.status('vllm:gpu_prefix_cache_hit_rate')).toEqual({ kind: 'exposed' });
    expect(cat.status('vllm:gpu_prefix_cache_hit_rate', '0.8')).toEqual({
      kind: 'removed',
      since: '0.8',
      replacement: 'vllm:gpu_prefix_cache_hits_total',
    });
    expect(cat.status('vllm:gpu_prefix_cache_hit_rate', '0.12')).toEqual({
      kind: 'removed',
      since: '0.8',
      replacement: 'vllm:prefix_cache_hits_total',
    });
    expect(cat.status('vllm:avg_generation_throughput_toks_per_s')).toEqual({
      kind: 'removed',
      since: '0.7',
      replacement: 'vllm:generation_tokens_total',
    });
  });

  it('reports metrics that are not there yet, need a feature, or do not exist', () => {
    const cat = catalogFor('0.10');
    expect(cat.status('vllm:inter_token_latency_seconds')).toEqual({ kind: 'not-yet', added: '0.11' });
    expect(cat.status('vllm:num_requests_waiting_by_reason')).toEqual({ kind: 'not-yet', added: '0.20' });
    expect(cat.status('vllm:spec_decode_num_drafts_total')).toEqual({
      kind: 'feature',
      feature: 'speculativeDecoding',
    });
    // counters only exist with _total; llm-d's rate(vllm:num_preemptions[5m]) queries nothing
    expect(cat.status('vllm:num_preemptions')).toEqual({ kind: 'unknown' });
    expect(cat.status('vllm:no_such_metric')).toEqual({ kind: 'unknown' });
    expect(cat.status('vllm:num_requests_running_bucket')).toEqual({ kind: 'unknown' });
  });

  it('treats metrics behind a server flag as hidden', () => {
    expect(catalogFor('0.7').status('vllm:model_forward_time_milliseconds_bucket')).toEqual({
      kind: 'hidden',
      since: '0.6.4',
    });
    expect(catalogFor('0.7').exposes('vllm:model_forward_time_milliseconds_bucket')).toBe(false);
  });

  it('exposes feature metrics only when the feature is enabled', () => {
    const off = catalogFor('0.30');
    const on = catalogFor('0.30', { features: { speculativeDecoding: true, lora: true } });
    expect(off.exposes('vllm:spec_decode_num_drafts_total')).toBe(false);
    expect(on.exposes('vllm:spec_decode_num_drafts_total')).toBe(true);
    expect(on.status('vllm:spec_decode_num_drafts_total')).toEqual({ kind: 'exposed' });
    expect(off.concept('loraRequestsInfo')).toEqual([]);
    expect(on.concept('loraRequestsInfo')).toEqual(['vllm:lora_requests_info']);
    expect(on.labelsOf('vllm:lora_requests_info')).toEqual(['max_lora', 'waiting_lora_adapters', 'running_lora_adapters']);
    expect(on.metrics().length).toBeGreaterThan(off.metrics().length);
    expect(on.exposes('vllm:kv_block_lifetime_seconds_bucket')).toBe(false);
  });

  it('accepts every series suffix of a family, and only those', () => {
    const cat = catalogFor('0.12');
    for (const suffix of ['', '_bucket', '_sum', '_count', '_created']) {
      expect(cat.exposes(`vllm:time_to_first_token_seconds${suffix}`), suffix).toBe(true);
    }
    expect(cat.exposes('vllm:iteration_tokens_total_bucket')).toBe(true);
    expect(cat.exposes('vllm:prompt_tokens_total')).toBe(true);
    expect(cat.exposes('vllm:prompt_tokens_created')).toBe(true);
    expect(cat.exposes('vllm:prompt_tokens')).toBe(false);
    expect(cat.exposes('vllm:kv_cache_usage_perc_sum')).toBe(false);
    expect(cat.exposes('http_request_size_bytes_count')).toBe(true);
    expect(cat.metricFor('vllm_e2e_request_latency_seconds_count')?.base).toBe('e2e_request_latency_seconds');
  });

  it('names only known bases', () => {
    const cat = catalogFor('0.12');
    expect(cat.name('kv_cache_usage_perc')).toBe('vllm:kv_cache_usage_perc');
    expect(errorOf(() => cat.name('kv_cache_usage'))).toBeInstanceOf(CatalogError);
    expect(errorOf(() => cat.name('time_to_first_token_seconds_bucket'))).toBeInstanceOf(CatalogError);
  });
});

describe('buckets()', () => {
  const newest = catalogFor(NEWEST_VERSION);

  it('has the long bucket lists in the newest version', () => {
    const ttft = newest.buckets('vllm:time_to_first_token_seconds');
    expect(ttft).toHaveLength(22);
    expect(ttft?.[0]).toBe(0.001);
    expect(ttft?.at(-1)).toBe(2560);
    for (const base of ['e2e_request_latency_seconds', 'request_queue_time_seconds', 'request_decode_time_seconds']) {
      const b = newest.buckets(base);
      expect(b, base).toHaveLength(21);
      expect(b?.[0], base).toBe(0.3);
      expect(b?.at(-1), base).toBe(7680);
    }
    const itl = newest.buckets('vllm:inter_token_latency_seconds_bucket');
    expect(itl).toHaveLength(19);
    expect(itl?.at(-1)).toBe(80);
    expect(newest.buckets('iteration_tokens_total')).toEqual([1, 8, 16, 32, 64, 128, 256, 512, 1024, 2048, 4096, 8192, 16384]);
    expect(newest.buckets('request_params_n')).toEqual([1, 2, 5, 10, 20]);
  });

  it('has the short lists before PR #15202', () => {
    const old = catalogFor('0.7');
    expect(old.buckets('vllm:time_to_first_token_seconds')).toHaveLength(16);
    expect(old.buckets('vllm:time_to_first_token_seconds')?.at(-1)).toBe(10);
    expect(old.buckets('vllm:time_per_output_token_seconds')?.at(-1)).toBe(2.5);
    expect(old.buckets('vllm:e2e_request_latency_seconds')?.at(-1)).toBe(60);
    expect(catalogFor('0.8').buckets('e2e_request_latency_seconds')?.at(-1)).toBe(60);
    expect(catalogFor('0.8.3').buckets('e2e_request_latency_seconds')?.at(-1)).toBe(60);
    expect(catalogFor('0.8.4').buckets('e2e_request_latency_seconds')?.at(-1)).toBe(7680);
  });

  it('keeps only the bounds every version of a range has', () => {
    const range = catalogFor('>=0.7 <0.10');
    const ttft = range.buckets('vllm:time_to_first_token_seconds')!;
    expect(ttft).toHaveLength(16);
    for (const v of range.versions) {
      const own = catalogFor(v).buckets('vllm:time_to_first_token_seconds')!;
      for (const b of ttft) expect(own).toContain(b);
    }
  });

  it('has no buckets where they depend on the deployment or the metric is no histogram', () => {
    expect(catalogFor('0.8').buckets('iteration_tokens_total')).toBeUndefined();
    expect(catalogFor('>=0.8 <0.10').buckets('iteration_tokens_total')).toBeUndefined();
    expect(newest.buckets('request_prompt_tokens')).toBeUndefined();
    expect(newest.buckets('kv_cache_usage_perc')).toBeUndefined();
    expect(newest.buckets('time_per_output_token_seconds')).toBeUndefined(); // removed in 0.15
    expect(newest.buckets('http_request_duration_seconds')).toEqual([0.1, 0.5, 1]);
    expect(catalogFor('0.12', { features: { kvCacheMetrics: true } }).buckets('kv_block_lifetime_seconds')).toHaveLength(21);
  });
});

describe('catalog data', () => {
  const all: readonly MetricDef[] = [...METRICS, ...EXTERNAL_METRICS];

  it('cites a public source, help and unit for every metric', () => {
    for (const def of all) {
      expect(def.source.trim(), def.base).not.toBe('');
      expect(def.help.trim(), def.base).not.toBe('');
      expect(def.unit.trim(), def.base).not.toBe('');
    }
  });

  it('names counters with _total, and no histogram but iteration_tokens_total', () => {
    for (const def of all) {
      if (def.type === 'counter') expect(def.base, def.base).toMatch(/_total$/);
      else if (def.base !== 'iteration_tokens_total') expect(def.base, def.base).not.toMatch(/_total$/);
    }
  });

  it('stores bases without a prefix, once each', () => {
    const bases = all.map((d) => d.base);
    expect(new Set(bases).size).toBe(bases.length);
    for (const base of bases) expect(base).not.toMatch(/^vllm[:_]/);
    for (const version of KNOWN_VERSIONS) {
      const exposed = catalogFor(version, { features: ALL_FEATURES }).metrics().map((m) => m.def.base);
      expect(new Set(exposed).size, version).toBe(exposed.length);
    }
  });

  it('has lifecycles in order, in catalog versions, consistent with the engines', () => {
    for (const def of METRICS) {
      const steps = [def.added, def.deprecated, def.hidden, def.removed].filter((v): v is string => v !== undefined);
      for (const v of steps) expect(KNOWN_VERSIONS, `${def.base} ${v}`).toContain(v);
      expect([...steps].sort(compareVersions), def.base).toEqual(steps);
      if (def.hidden !== undefined && def.removed !== undefined) {
        expect(compareVersions(def.hidden, def.removed), def.base).toBeLessThan(0);
      }
      const v0 = compareVersions(def.added, '0.8') < 0;
      const v1 = def.removed === undefined || compareVersions(def.removed, '0.8') > 0;
      expect(def.engines, def.base).toEqual([...(v0 ? ['v0'] : []), ...(v1 ? ['v1'] : [])]);
    }
  });

  it('exposes every metric in some version, except those behind a server flag', () => {
    const everything = catalogFor('>=0.6', { features: ALL_FEATURES });
    for (const def of METRICS) {
      expect(everything.versionsOf(def.base).length > 0, def.base).toBe(def.optIn === undefined);
    }
  });

  it('has an exposed replacement wherever a renamed metric disappears', () => {
    for (const def of METRICS.filter((d) => d.replacedBy !== undefined)) {
      const gone = def.hidden ?? def.removed!;
      const status = catalogFor(gone).status(def.base);
      expect(status.kind, def.base).toMatch(/^(hidden|removed)$/);
      const replacement = 'replacement' in status ? status.replacement : undefined;
      expect(replacement, def.base).toBeDefined();
      expect(catalogFor(gone).exposes(replacement!), `${def.base} -> ${replacement}`).toBe(true);
    }
  });

  it('maps every concept to known metrics', () => {
    for (const [concept, bases] of Object.entries(CONCEPTS)) {
      expect(bases.length, concept).toBeGreaterThan(0);
      for (const base of bases) expect(METRICS.some((d) => d.base === base), `${concept}: ${base}`).toBe(true);
    }
  });

  it('lists the HTTP metrics from 0.8.5, and process metrics wherever the registry is not multiprocess', () => {
    const http = EXTERNAL_METRICS.find((d) => d.base === 'http_requests_total')!;
    expect(http.extraLabels).toEqual(['handler', 'method', 'status']);
    expect(http.added).toBe('0.8.5');
    expect(catalogFor('0.8.4').exposes('http_requests_total')).toBe(false);
    expect(catalogFor('0.8.5').exposes('http_requests_total')).toBe(true);
    expect(catalogFor('0.6').exposes('process_resident_memory_bytes')).toBe(false);
    expect(catalogFor('0.8').exposes('process_resident_memory_bytes')).toBe(true);
    expect(catalogFor('0.30', { multiprocess: true }).exposes('process_resident_memory_bytes')).toBe(false);
    expect(catalogFor('0.12').labelsOf('http_requests_total')).toEqual(['handler', 'method', 'status']);
  });
});

describe('isAllowedExternal()', () => {
  it('accepts Prometheus, probe, HTTP and process series', () => {
    for (const name of ['up', 'probe_success', 'http_requests_total', 'process_open_fds', 'scrape_duration_seconds', 'ALERTS', 'ALERTS_FOR_STATE']) {
      expect(isAllowedExternal(name), name).toBe(true);
    }
  });

  it('accepts DCGM only when enabled, and nothing else', () => {
    expect(isAllowedExternal('DCGM_FI_DEV_GPU_UTIL')).toBe(false);
    expect(isAllowedExternal('DCGM_FI_DEV_GPU_UTIL', { dcgm: true })).toBe(true);
    for (const name of ['node_cpu_seconds_total', 'vllm:num_requests_running', 'upx', 'alerts']) {
      expect(isAllowedExternal(name, { dcgm: true }), name).toBe(false);
    }
  });
});

describe('formatCatalog()', () => {
  it('prints stable JSON with two-space indentation and a trailing newline', () => {
    const cat = catalogFor('0.12');
    const text = formatCatalog(cat, true);
    expect(text.endsWith('}\n')).toBe(true);
    expect(text.split('\n')[1]).toMatch(/^ {2}"/);
    expect(formatCatalog(catalogFor('0.12'), true)).toBe(text);
    const doc = JSON.parse(text) as { vllmVersions: string[]; metrics: { name: string; source: string; buckets?: number[] }[] };
    expect(doc.vllmVersions).toEqual(['0.12']);
    const names = doc.metrics.map((m) => m.name);
    expect(names).toContain('vllm:kv_cache_usage_perc');
    expect(names).not.toContain('vllm:gpu_cache_usage_perc');
    expect(names).toEqual([...names].sort());
    expect(doc.metrics.find((m) => m.name === 'vllm:time_to_first_token_seconds')?.buckets).toHaveLength(22);
  });

  it('prints a table with the deprecation notes a reader needs', () => {
    const text = formatCatalog(catalogFor('>=0.10 <0.13'), false);
    const lines = text.split('\n');
    const whole = catalogFor('>=0.10 <0.13').inventory().filter((m) => m.name.startsWith('vllm:'));
    const gated = whole.filter((m) => m.availability.kind !== 'default').length;
    expect(lines[0]).toBe(
      `vLLM 0.10 … 0.12 (releases 0.10.0 … 0.12.x): ${whole.length} metrics, ${whole.length - gated} by default and ${gated} behind a feature or flag, prefix "vllm:"`,
    );
    expect(lines[1]).toBe('  0.10: /health on a dead engine answers 500, then the server exits; process_* and _created series present');
    expect(lines[3]).toBe('  0.12: /health on a dead engine answers 503; process_* and _created series present');
    expect(lines[5]).toMatch(/^NAME +TYPE +LABELS +UNIT +NOTES$/);
    const gpu = lines.find((l) => l.startsWith('vllm:gpu_cache_usage_perc '));
    expect(gpu).toMatch(
      /gauge +model_name,engine +ratio +deprecated 0\.9\.2; hidden 0\.11 \(--show-hidden-metrics-for-version\); removed 0\.12; use vllm:kv_cache_usage_perc$/,
    );
    expect(lines.find((l) => l.startsWith('vllm:inter_token_latency_seconds '))).toMatch(/since 0\.11$/);
    expect(text).toContain('http_requests_total');
    expect(text.endsWith('\n')).toBe(true);
  });
});

// The catalog is the one place that spells vLLM metric names.
describe('no vllm: names outside src/catalog', () => {
  const root = join(import.meta.dirname, '..', 'src');

  function sourceFiles(dir: string): string[] {
    return readdirSync(dir).flatMap((entry) => {
      const path = join(dir, entry);
      if (statSync(path).isDirectory()) return path === join(root, 'catalog') ? [] : sourceFiles(path);
      return /\.(ts|mts|js|json)$/.test(entry) ? [path] : [];
    });
  }

  // The bare prefix ('vllm:' as a config value) is allowed; a metric name is not.
  it('finds no string literal containing a vllm: metric name in other modules', () => {
    const offences: string[] = [];
    for (const file of sourceFiles(root)) {
      const code = readFileSync(file, 'utf8')
        .replace(/\/\*[\s\S]*?\*\//g, (comment) => comment.replace(/[^\n]/g, ''))
        .replace(/(^|[^:])\/\/.*$/gm, '$1');
      code.split('\n').forEach((line, i) => {
        if (/['"`][^'"`]*vllm:[A-Za-z_]/.test(line)) offences.push(`${relative(root, file)}:${i + 1}: ${line.trim()}`);
      });
    }
    expect(offences).toEqual([]);
  });
});

// The audit of the catalog against vLLM's source at the release tags (shared reference
// vllm-metrics-audit.md), one row per fact it found wrong; docs/catalog-audit.md lists the same rows
// with their evidence. `exposed` reads the whole catalog of the version (every feature on).
const WHOLE = (version: string) => catalogFor(version, { features: ALL_FEATURES });
const defined = (version: string, name: string) => WHOLE(version).inventory().some((m) => m.name === name);

const V0_6_4_ARRIVALS = [
  'vllm:iteration_tokens_total',
  'vllm:tokens_total',
  'vllm:request_queue_time_seconds',
  'vllm:request_inference_time_seconds',
  'vllm:request_prefill_time_seconds',
  'vllm:request_decode_time_seconds',
  'vllm:request_max_num_generation_tokens',
  'vllm:request_params_max_tokens',
  'vllm:lora_requests_info',
  'vllm:time_in_queue_requests',
];
const NIXL_0_12 = [
  'vllm:nixl_xfer_time_seconds',
  'vllm:nixl_post_time_seconds',
  'vllm:nixl_bytes_transferred',
  'vllm:nixl_num_descriptors',
  'vllm:nixl_num_failed_transfers_total',
  'vllm:nixl_num_failed_notifications_total',
];

/** [metric, release, defined in that release]. */
const NAME_FACTS: [string, string, boolean][] = [
  ...V0_6_4_ARRIVALS.flatMap((name): [string, string, boolean][] => [
    [name, '0.6.2', false],
    [name, '0.6.3', false],
    [name, '0.6.4', true],
  ]),
  ['vllm:request_params_best_of', '0.6.2', true],
  ['vllm:request_params_best_of', '0.6.3', false],
  ['vllm:avg_prompt_throughput_toks_per_s', '0.6.6', true],
  ['vllm:avg_prompt_throughput_toks_per_s', '0.7.0', false],
  ['vllm:spec_decode_num_draft_tokens_total', '0.7.0', true],
  ['vllm:spec_decode_num_draft_tokens_total', '0.8.0', false],
  ['vllm:spec_decode_num_accepted_tokens_total', '0.8.2', false],
  ['vllm:spec_decode_num_draft_tokens_total', '0.8.3', true],
  ['vllm:spec_decode_num_accepted_tokens_total', '0.8.3', true],
  ['http_requests_total', '0.8.3', false],
  ['http_request_duration_seconds', '0.8.4', false],
  ['http_requests_total', '0.8.5', true],
  ['vllm:spec_decode_num_drafts_total', '0.8.4', false],
  ['vllm:spec_decode_num_drafts_total', '0.8.5', true],
  ['vllm:spec_decode_num_accepted_tokens_per_pos_total', '0.8.5', true],
  ['vllm:kv_cache_usage_perc', '0.9.1', false],
  ['vllm:kv_cache_usage_perc', '0.9.2', true],
  ['vllm:mm_cache_queries_total', '0.11.0', false],
  ['vllm:mm_cache_hits_total', '0.11.0', false],
  ['vllm:mm_cache_hits_total', '0.12.0', true],
  ...NIXL_0_12.flatMap((name): [string, string, boolean][] => [
    [name, '0.11.0', false],
    [name, '0.12.0', true],
  ]),
  ['vllm:corrupted_requests_total', '0.11.0', false],
  ['vllm:corrupted_requests_total', '0.12.0', true],
  ['vllm:nixl_num_kv_expired_reqs_total', '0.11.0', false],
  ['vllm:nixl_num_kv_expired_reqs_total', '0.12.0', false],
  ['vllm:nixl_num_kv_expired_reqs_total', '0.13.0', false],
  ['vllm:nixl_num_kv_expired_reqs_total', '0.15.0', true],
  ['vllm:gpu_cache_usage_perc', '0.11.0', true], // hidden, still defined
  ['vllm:gpu_cache_usage_perc', '0.12.0', false],
  ['vllm:gpu_prefix_cache_hits_total', '0.12.0', false],
  ['vllm:request_prefill_kv_computed_tokens', '0.12.0', false],
  ['vllm:request_prefill_kv_computed_tokens', '0.13.0', true],
  ['vllm:kv_offload_total_bytes_total', '0.16.0', true],
  ['vllm:kv_offload_total_time_total', '0.16.0', true],
  ['vllm:kv_offload_size', '0.16.0', true],
  ['vllm:estimated_flops_per_gpu_total', '0.16.0', false],
  ['vllm:estimated_flops_per_gpu_total', '0.17.0', true],
  ['vllm:estimated_read_bytes_per_gpu_total', '0.20.0', true],
  ['vllm:estimated_write_bytes_per_gpu_total', '0.20.0', true],
  ['vllm:websocket_connections_active', '0.20.0', true],
  ['vllm:websocket_connections_total', '0.20.0', true],
  ['vllm:websocket_connection_duration_seconds', '0.20.0', true],
  ['vllm:hf3fs_save_duration_seconds', '0.20.0', true],
  ['vllm:hf3fs_load_duration_seconds', '0.20.0', true],
  ['vllm:hf3fs_num_failed_save_total', '0.20.0', true],
  ['vllm:hf3fs_num_failed_load_total', '0.20.0', true],
  ['vllm:mooncake_store_operation_time_seconds', '0.30.0', true],
  ['vllm:mooncake_store_operation_total', '0.30.0', true],
  ['vllm:mooncake_store_operation_keys_total', '0.30.0', true],
  ['vllm:mooncake_store_operation_bytes_total', '0.30.0', true],
  ['vllm:mooncake_store_operation_failed_keys_total', '0.30.0', true],
  ['vllm:tool_call_parser_invocations_total', '0.30.0', true],
  ['vllm:kv_offload_load_bytes_total', '0.30.0', true],
  ['vllm:kv_offload_store_size', '0.30.0', true],
  ['vllm:kv_offload_cpu_cache_usage_perc', '0.30.0', true],
  ['vllm:kv_offload_cpu_cache_read_usage_perc', '0.30.0', true],
  ['vllm:kv_offload_tiering_block_hits_total', '0.27.0', false],
  ['vllm:kv_offload_tiering_block_hits_total', '0.30.0', true],
  ['vllm:nixl_num_pending_sends', '0.30.0', false],
  ['vllm:request_num_preemptions', '0.30.0', false],
];

/** [metric, release, labels]: V1 had no `engine` label before 0.8.3; cache_config_info from 0.9.0. */
const LABEL_FACTS: [string, string, string[]][] = [
  ['vllm:num_requests_running', '0.8.2', ['model_name']],
  ['vllm:num_requests_running', '0.8.3', ['model_name', 'engine']],
  ['vllm:request_success_total', '0.8.0', ['model_name', 'finished_reason']],
  ['vllm:cache_config_info', '0.8.5', ['block_size', 'cache_dtype', 'gpu_memory_utilization', 'num_gpu_blocks', 'enable_prefix_caching']],
  ['vllm:cache_config_info', '0.9.0', ['block_size', 'cache_dtype', 'gpu_memory_utilization', 'num_gpu_blocks', 'enable_prefix_caching', 'engine']],
  ['vllm:kv_offload_total_bytes_total', '0.16.0', ['model_name', 'engine', 'transfer_type']],
  ['vllm:mooncake_store_operation_total', '0.30.0', ['model_name', 'engine', 'operation', 'status']],
  ['vllm:tool_call_parser_invocations_total', '0.30.0', ['model_name', 'mode', 'outcome', 'request_type']],
  ['vllm:websocket_connections_total', '0.30.0', []],
  ['vllm:kv_offload_tiering_read_bytes_total', '0.30.0', ['model_name', 'engine', 'tier']],
];

const SHORT_REQ_LAT = [0.3, 0.5, 0.8, 1.0, 1.5, 2.0, 2.5, 5.0, 10.0, 15.0, 20.0, 30.0, 40.0, 50.0, 60.0];
/** [metric, release, bucket bounds (undefined: deployment-dependent)]. */
const BUCKET_FACTS: [string, string, number[] | undefined][] = [
  ['vllm:e2e_request_latency_seconds', '0.6.2', [1, 2.5, 5, 10, 15, 20, 30, 40, 50, 60]],
  ['vllm:e2e_request_latency_seconds', '0.6.3', [1, 2.5, 5, 10, 15, 20, 30, 40, 50, 60]],
  ['vllm:e2e_request_latency_seconds', '0.6.4', SHORT_REQ_LAT],
  ...['e2e_request_latency_seconds', 'request_queue_time_seconds', 'request_inference_time_seconds', 'request_prefill_time_seconds', 'request_decode_time_seconds'].flatMap(
    (base): [string, string, number[] | undefined][] => [
      [`vllm:${base}`, '0.8.3', SHORT_REQ_LAT],
      [`vllm:${base}`, '0.8.4', [...SHORT_REQ_LAT, 120, 240, 480, 960, 1920, 7680]],
    ],
  ),
  ['vllm:time_to_first_token_seconds', '0.8.3', [0.001, 0.005, 0.01, 0.02, 0.04, 0.06, 0.08, 0.1, 0.25, 0.5, 0.75, 1.0, 2.5, 5.0, 7.5, 10.0]],
  ['vllm:time_to_first_token_seconds', '0.8.4', [0.001, 0.005, 0.01, 0.02, 0.04, 0.06, 0.08, 0.1, 0.25, 0.5, 0.75, 1.0, 2.5, 5.0, 7.5, 10.0, 20.0, 40.0, 80.0, 160.0, 640.0, 2560.0]],
  ['vllm:time_per_output_token_seconds', '0.8.3', [0.01, 0.025, 0.05, 0.075, 0.1, 0.15, 0.2, 0.3, 0.4, 0.5, 0.75, 1.0, 2.5]],
  ['vllm:time_per_output_token_seconds', '0.8.4', [0.01, 0.025, 0.05, 0.075, 0.1, 0.15, 0.2, 0.3, 0.4, 0.5, 0.75, 1.0, 2.5, 5.0, 7.5, 10.0, 20.0, 40.0, 80.0]],
  ['vllm:iteration_tokens_total', '0.6.4', [1, 8, 16, 32, 64, 128, 256, 512, 1024, 2048, 4096, 8096]],
  ['vllm:iteration_tokens_total', '0.8.4', undefined],
  ['vllm:iteration_tokens_total', '0.8.5', [1, 8, 16, 32, 64, 128, 256, 512, 1024, 2048, 4096, 8192, 16384]],
  ['vllm:nixl_xfer_time_seconds', '0.12.0', [0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.2, 0.3, 0.5, 0.75, 1.0, 5.0]],
  ['vllm:mooncake_store_operation_time_seconds', '0.30.0', [0.001, 0.005, 0.01, 0.05, 0.1, 0.2, 0.3, 0.4, 0.5, 0.75, 1.0, 1.5, 2.0, 3.0, 4.0]],
  ['vllm:websocket_connection_duration_seconds', '0.30.0', [0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600, 1800]],
];

/** [metric, release, what it takes to be there]. */
const GATE_FACTS: [string, string, string][] = [
  ['vllm:time_in_queue_requests', '0.6.4', 'default'],
  ['vllm:time_in_queue_requests', '0.7.0', 'default'],
  ['vllm:model_forward_time_milliseconds', '0.7.0', 'flag'],
  ['vllm:lora_requests_info', '0.7.0', 'default'],
  ['vllm:lora_requests_info', '0.8.0', 'feature'],
  ['vllm:external_prefix_cache_queries_total', '0.12.0', 'default'],
  ['vllm:external_prefix_cache_hits_total', '0.30.0', 'default'],
  ['vllm:mm_cache_queries_total', '0.12.0', 'default'],
  ['vllm:mm_cache_hits_total', '0.30.0', 'default'],
  ['vllm:gpu_cache_usage_perc', '0.11.0', 'hidden'],
  ['vllm:estimated_flops_per_gpu_total', '0.30.0', 'feature'],
  ['vllm:kv_offload_load_bytes_total', '0.30.0', 'feature'],
];

describe('audit facts: the catalog against vLLM source at the release tags', () => {
  it.each(NAME_FACTS)('%s in %s: defined = %s', (name, release, want) => {
    expect(defined(release, name)).toBe(want);
  });

  it.each(LABEL_FACTS)('%s in %s carries %j', (name, release, labels) => {
    expect(WHOLE(release).labelsOf(name)).toEqual(labels);
  });

  it('has no engine label on any V1 engine metric of 0.8.0–0.8.2, and on every one of 0.8.3', () => {
    const engineMetrics = (v: string) => WHOLE(v).metrics().filter((m) => !m.def.noDefaultLabels);
    expect(engineMetrics('0.8.2').length).toBeGreaterThanOrEqual(22);
    for (const m of engineMetrics('0.8.2')) expect(m.labels, m.name).not.toContain('engine');
    for (const m of engineMetrics('0.8.3')) expect(m.labels, m.name).toContain('engine');
  });

  it.each(BUCKET_FACTS)('%s in %s has buckets %j', (name, release, buckets) => {
    expect(WHOLE(release).buckets(name)).toEqual(buckets);
  });

  it.each(GATE_FACTS)('%s in %s is there by %s', (name, release, kind) => {
    expect(WHOLE(release).inventory().find((m) => m.name === name)?.availability.kind).toBe(kind);
  });

  it.each([
    ['0.11.0', false],
    ['0.12.0', false],
    ['0.13.0', true],
    ['0.30.0', true],
  ])('finished_reason="error" in %s: %s', (release, has) => {
    expect(catalogFor(release).finishedReasons().includes('error')).toBe(has);
  });

  it('deprecates gpu_cache_usage_perc and gpu_prefix_cache_* from 0.9.2, hides them in 0.11, removes them in 0.12', () => {
    for (const base of ['gpu_cache_usage_perc', 'gpu_prefix_cache_hits_total', 'gpu_prefix_cache_queries_total']) {
      const def = METRICS.find((d) => d.base === base)!;
      expect([def.deprecated, def.hidden, def.removed], base).toEqual(['0.9.2', '0.11', '0.12']);
    }
  });

  it.each([
    ['0.6.2', false, false],
    ['0.7.0', false, false],
    ['0.8.0', true, true],
    ['0.15.0', true, true],
  ])('%s: process_* %s, _created %s with one API server', (release, processMetrics, created) => {
    const cat = catalogFor(release);
    expect(cat.exposes('process_start_time_seconds')).toBe(processMetrics);
    expect(cat.exposes('vllm:prompt_tokens_created')).toBe(created);
    expect(cat.createdSeries).toBe(created);
  });

  it('has neither process_* nor _created under the multiprocess registry of several API servers', () => {
    const cat = catalogFor('0.15', { multiprocess: true });
    expect(cat.exposes('process_start_time_seconds')).toBe(false);
    expect(cat.exposes('vllm:prompt_tokens_created')).toBe(false);
    expect(cat.exposes('http_requests_created')).toBe(false);
    expect(cat.exposes('vllm:prompt_tokens_total')).toBe(true);
    expect(cat.status('process_start_time_seconds')).toEqual({ kind: 'multiprocess' });
    expect(catalogFor('0.7').status('vllm:prompt_tokens_created')).toEqual({ kind: 'multiprocess' });
    expect(catalogFor('0.10').status('vllm:prompt_tokens_created')).toEqual({ kind: 'exposed' });
    expect(defaultApiServers('0.14', 2)).toBe(1);
    expect(defaultApiServers('0.15', 2)).toBe(2);
    expect(defaultApiServers('0.30', 1)).toBe(1);
  });

  it.each([
    ['0.6.2', 500, true],
    ['0.10.1', 500, true],
    ['0.11.0', 503, false],
    ['0.30', 503, false],
  ])('%s: /health answers %s for a dead engine (server exits: %s)', (release, status, exits) => {
    expect(deadEngineHealth(catalogVersionOf(release))).toEqual({ status, exits });
  });

  it('knows the prefixes users meet and nothing else: vllm:, vllm_ (Ray logger), ray_vllm_ (Ray exporter)', () => {
    expect(Object.keys(PREFIX_ORIGINS)).toEqual(['vllm:', 'vllm_', 'ray_vllm_']);
    const ray = catalogFor('0.30', { prefix: 'ray_vllm_' });
    expect(ray.concept('kvCacheUsage')).toEqual(['ray_vllm_kv_cache_usage_perc']);
    expect(ray.exposes('ray_vllm_num_requests_running')).toBe(true);
    expect(ray.exposes('vllm_num_requests_running')).toBe(false);
    expect(ray.status('ray_vllm_gpu_cache_usage_perc').kind).toBe('removed');
    expect(errorOf(() => catalogFor('0.30', { prefix: 'ray_' as 'vllm:' })).message).toBe(
      'unknown metric prefix "ray_"; use "vllm:" or "vllm_" or "ray_vllm_"',
    );
  });
});

// The audit's raw extraction (vllm-source-extract/ex_vX.txt: every vLLM metric constructor at the
// release tag). The catalog must define exactly those names, with the same types and literal bucket
// lists, at each tag (V0 files before 0.8, V1 files from 0.8 on). V1's cache_config_info is built from
// a variable name the extraction does not resolve.
describe('the catalog against the source extraction at every release tag', () => {
  const dir = join(import.meta.dirname, 'fixtures', 'vllm-source-extract');
  const tags = readdirSync(dir).map((f) => /^ex_v(.+)\.txt$/.exec(f)?.[1]).filter((t): t is string => t !== undefined).sort(compareVersions);

  function extracted(tag: string): Map<string, { type: string; buckets?: number[] }> {
    const v1 = compareVersions(tag, '0.8') >= 0;
    const out = new Map<string, { type: string; buckets?: number[] }>();
    for (const line of readFileSync(join(dir, `ex_v${tag}.txt`), 'utf8').trim().split('\n')) {
      const m = /^(\S+):\d+ (vllm:\S+) \[([^\]]+)\] labels=.* buckets=(.*)$/.exec(line);
      if (!m || m[1].startsWith('vllm/v1/') !== v1) continue;
      const type = /counter/i.test(m[3]) ? 'counter' : /gauge/i.test(m[3]) ? 'gauge' : /histogram/i.test(m[3]) ? 'histogram' : undefined;
      if (type === undefined) continue;
      const name = type === 'counter' ? `${m[2].replace(/_total$/, '')}_total` : m[2];
      const buckets = m[4].startsWith('[') ? (JSON.parse(m[4].replace(/,\s*\]$/, ']')) as number[]) : undefined;
      out.set(name, { type, buckets });
    }
    return out;
  }

  it('has the extraction of 13 tags from 0.6.0 to 0.10.0', () => {
    expect(tags).toHaveLength(13);
  });

  it.each(tags)('v%s: same names, types and literal buckets', (tag) => {
    const cat = WHOLE(tag);
    const source = extracted(tag);
    const catalog = new Map(cat.inventory().filter((m) => m.name.startsWith('vllm:')).map((m) => [m.name, m]));
    if (compareVersions(tag, '0.8') >= 0) catalog.delete('vllm:cache_config_info');
    expect([...catalog.keys()].sort()).toEqual([...source.keys()].sort());
    for (const [name, s] of source) {
      expect(catalog.get(name)!.def.type, name).toBe(s.type);
      if (s.buckets !== undefined) expect(cat.buckets(name) ?? bucketsOf(catalog.get(name)!.def, catalogVersionOf(tag)), name).toEqual(s.buckets);
    }
  });
});

// `vllm-obs metrics --vllm-version X --json` is the catalog a user reads: the whole of it (gated
// metrics marked), at patch-release precision. Each pair of neighbouring versions differs by exactly
// what the audit found.
describe('vllm-obs metrics --json at the audited releases', () => {
  interface Listed {
    name: string;
    labels: string[];
    availability: string;
    feature?: string;
    flag?: string;
    buckets?: number[];
  }
  interface Listing {
    vllmVersions: string[];
    versionFacts: Record<string, { releases: string; deadEngineHealth: string; processMetrics: boolean; createdSeries: boolean }>;
    finishedReasons: string[];
    metrics: Listed[];
    external: Listed[];
  }
  const listing = (version: string): Listing => {
    const result = runCli(['metrics', '--vllm-version', version, '--json'], tmpdir());
    expect(result.status, result.stderr).toBe(0);
    return JSON.parse(result.stdout) as Listing;
  };
  const names = (l: Listing) => [...l.metrics, ...l.external].map((m) => m.name);
  const added = (from: Listing, to: Listing) => names(to).filter((n) => !names(from).includes(n)).sort();
  const byName = (l: Listing, name: string) => [...l.metrics, ...l.external].find((m) => m.name === name)!;

  it('0.6.2: no request-phase histograms, iteration tokens or LoRA info yet; best_of still there; the old e2e buckets', () => {
    const old = listing('0.6.2');
    expect(old.vllmVersions).toEqual(['0.6']);
    expect(old.versionFacts['0.6']).toEqual({ releases: '0.6.0–0.6.2', deadEngineHealth: '500, then the server exits', processMetrics: false, createdSeries: false });
    const next = listing('0.6.4');
    expect(added(old, next)).toEqual([...V0_6_4_ARRIVALS, 'vllm:model_execute_time_milliseconds', 'vllm:model_forward_time_milliseconds'].sort());
    expect(added(next, old)).toEqual(['vllm:request_params_best_of']);
    expect(added(old, listing('0.6.3'))).toEqual([]);
    expect(added(listing('0.6.3'), old)).toEqual(['vllm:request_params_best_of']);
    expect(byName(old, 'vllm:e2e_request_latency_seconds').buckets).toEqual([1, 2.5, 5, 10, 15, 20, 30, 40, 50, 60]);
    expect(byName(next, 'vllm:model_forward_time_milliseconds')).toMatchObject({ availability: 'flag', flag: '--collect-detailed-traces' });
  });

  it('0.8.3: the engine label and the V1 spec-decode counters (marked with their feature); no HTTP metrics; short buckets', () => {
    const before = listing('0.8.2');
    const at = listing('0.8.3');
    expect(at.vllmVersions).toEqual(['0.8.3']);
    expect(added(before, at)).toEqual(['vllm:spec_decode_num_accepted_tokens_total', 'vllm:spec_decode_num_draft_tokens_total']);
    expect(added(at, before)).toEqual([]);
    expect(byName(at, 'vllm:spec_decode_num_draft_tokens_total')).toMatchObject({ availability: 'feature', feature: 'speculativeDecoding' });
    expect(byName(before, 'vllm:num_requests_running').labels).toEqual(['model_name']);
    expect(byName(at, 'vllm:num_requests_running').labels).toEqual(['model_name', 'engine']);
    expect(names(at).filter((n) => n.startsWith('http_'))).toEqual([]);
    expect(byName(at, 'vllm:time_to_first_token_seconds').buckets?.at(-1)).toBe(10);
    const later = listing('0.8.5');
    expect(added(at, later)).toEqual([
      'http_request_duration_highr_seconds',
      'http_request_duration_seconds',
      'http_request_size_bytes',
      'http_requests_total',
      'http_response_size_bytes',
      'vllm:spec_decode_num_accepted_tokens_per_pos_total',
      'vllm:spec_decode_num_drafts_total',
    ]);
    expect(byName(listing('0.8.4'), 'vllm:time_to_first_token_seconds').buckets?.at(-1)).toBe(2560);
  });

  it('0.11.0: no mm_cache, NIXL or corrupted-requests metrics and no "error" reason yet; gpu_* hidden; 503 for a dead engine', () => {
    const at = listing('0.11.0');
    expect(at.finishedReasons).toEqual(['stop', 'length', 'abort']);
    expect(at.versionFacts['0.11'].deadEngineHealth).toBe('503');
    expect(byName(at, 'vllm:gpu_cache_usage_perc').availability).toBe('hidden');
    const next = listing('0.12');
    expect(added(at, next)).toEqual(
      [
        'vllm:corrupted_requests_total',
        'vllm:engine_sleep_state',
        'vllm:external_prefix_cache_hits_total',
        'vllm:external_prefix_cache_queries_total',
        'vllm:kv_block_idle_before_evict_seconds',
        'vllm:kv_block_lifetime_seconds',
        'vllm:kv_block_reuse_gap_seconds',
        'vllm:mm_cache_hits_total',
        'vllm:mm_cache_queries_total',
        ...NIXL_0_12,
      ].sort(),
    );
    expect(added(next, at)).toEqual(['vllm:gpu_cache_usage_perc', 'vllm:gpu_prefix_cache_hits_total', 'vllm:gpu_prefix_cache_queries_total']);
    expect(byName(next, 'vllm:mm_cache_hits_total').availability).toBe('default');
    expect(byName(next, 'vllm:nixl_xfer_time_seconds')).toMatchObject({ availability: 'feature', feature: 'nixl' });
  });

  it('prints the gate of every gated metric in the table', () => {
    const result = runCli(['metrics', '--vllm-version', '0.30'], tmpdir());
    expect(result.status).toBe(0);
    const line = (name: string) => result.stdout.split('\n').find((l) => l.startsWith(`${name} `));
    expect(line('vllm:estimated_flops_per_gpu_total')).toMatch(/feature mfu \(--enable-mfu-metrics\)$/);
    expect(line('vllm:nixl_xfer_time_seconds')).toMatch(/feature nixl \(--kv-transfer-config with NixlConnector\)$/);
    expect(line('vllm:kv_cache_usage_perc')).not.toMatch(/feature/);
  });
});
