// What the speed work must not change: the SLO dashboard's size does not grow with the SLOs, and
// build-time (standalone) validators behave exactly like the ones compiled at run time.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import standaloneCode from 'ajv/dist/standalone/index.js';
import { afterAll, describe, expect, it } from 'vitest';
import { configSchema } from '../src/config/schema.js';
import { parseConfig, resolveConfig } from '../src/config/load.js';
import { AJV_OPTIONS, precompiledValidator, validatorFile, type ValidatorKind } from '../src/precompiled.js';
import { generate } from '../src/generate.js';
import { buildSetup } from '../src/model/index.js';
import { DASHBOARD, LABEL, OUT } from '../src/model/conventions.js';
import { sloDashboard } from '../src/dashboards/slo.js';
import { withSharedDefinitions } from '../src/validate/schemas/ajv.js';
import { dashboardSchema } from '../src/validate/schemas/dashboard.js';

/** `count` SLOs of both kinds, each restricted to its own model. */
function slos(count: number) {
  return Array.from({ length: count }, (_, i) =>
    i % 2 === 0
      ? { name: `avail-${i}`, kind: 'availability', objective: 99.5, model: `org/model-${i}` }
      : { name: `ttft-${i}`, kind: 'latency', objective: 99, latency: 'ttft', threshold: 2.5, model: `org/model-${i}` },
  );
}

const sloJson = (count: number) => JSON.stringify(sloDashboard(buildSetup(resolveConfig({ slos: slos(count) }))));

interface PanelJson {
  type: string;
  repeat?: string;
  targets?: { expr: string }[];
}

describe('SLO dashboard', () => {
  it('is the same bytes for 2 or 200 SLOs', () => {
    expect(sloJson(200)).toBe(sloJson(2));
  });

  it('repeats one row over the slo variable, which lists the SLO recordings', () => {
    const built = JSON.parse(sloJson(2)) as { panels: PanelJson[]; templating: { list: { name: string; query: string; includeAll: boolean; multi: boolean }[] } };
    const rows = built.panels.filter((p) => p.type === 'row');
    expect(rows.map((r) => r.repeat)).toEqual([LABEL.sloName]);
    const variable = built.templating.list.find((v) => v.name === LABEL.sloName);
    expect(variable).toMatchObject({ includeAll: true, multi: true });
    expect(variable?.query).toMatch(/^query_result\(max by \(slo, slo_title\) \(slo:objective:ratio\{.*\}\)\)$/);
    const exprs = built.panels.flatMap((p) => p.targets ?? []).map((t) => t.expr);
    expect(exprs.length).toBeGreaterThan(0);
    for (const expr of exprs) expect(expr).toContain(`${LABEL.sloName}=~"$${LABEL.sloName}"`);
  });

  it('has no row when no SLO is configured', () => {
    const built = sloDashboard(buildSetup(resolveConfig({ slos: [] })));
    expect(built.panels ?? []).toEqual([]);
  });

  it('passes the project validation in a generated fleet', () => {
    const { files } = generate({ slos: slos(20) });
    expect(files.get(`${OUT.dashboards}/${DASHBOARD.slo.file}`)).toBeDefined();
  });
});

/** Writes the standalone validator `build-validators.mjs` would write into a scratch folder. */
function buildValidator(dir: string, kind: ValidatorKind, schema: object, compiled = schema): void {
  const ajv = new Ajv({ ...AJV_OPTIONS[kind], code: { source: true, optimize: true } });
  writeFileSync(join(dir, validatorFile(kind, schema)), standaloneCode(ajv, ajv.compile(compiled)));
}

const runtime = (kind: ValidatorKind, schema: object) => new Ajv(AJV_OPTIONS[kind]).compile(schema);

describe('precompiled validators', () => {
  // inside the project, so the validators' require('ajv/dist/runtime/…') resolves as from dist/
  mkdirSync('node_modules/.cache', { recursive: true });
  const dir = mkdtempSync(join(process.cwd(), 'node_modules/.cache/vllm-obs-validators-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  buildValidator(dir, 'config', configSchema);
  buildValidator(dir, 'artifact', dashboardSchema, withSharedDefinitions(dashboardSchema));

  it('are found by kind and exact schema only', () => {
    expect(precompiledValidator(dir, 'config', configSchema)).toBeTypeOf('function');
    expect(precompiledValidator(dir, 'artifact', configSchema)).toBeUndefined();
    expect(precompiledValidator(dir, 'config', { ...configSchema, description: 'changed' })).toBeUndefined();
    expect(validatorFile('config', configSchema)).not.toBe(validatorFile('artifact', configSchema));
  });

  const configs: unknown[] = [
    {},
    { scrape: { interval: 'soon' }, output: { dir: 3 }, unknownKey: true },
    { slos: [{ name: 'Bad Name', kind: 'speed', objective: 200 }] },
    { vllm: { version: [] }, deployments: [{ targets: 'x' }] },
  ];

  it.each(configs.map((c) => [JSON.stringify(c), c]))('config %s: same verdict, errors (data, parentSchema) and defaults', (_, config) => {
    const fast = precompiledValidator(dir, 'config', configSchema)!;
    const slow = runtime('config', configSchema);
    const [a, b] = [structuredClone(config), structuredClone(config)];
    expect(fast(a)).toBe(slow(b));
    expect(a).toEqual(b);
    expect(fast.errors ?? null).toEqual(slow.errors ?? null);
    if (slow.errors) expect(fast.errors?.every((e) => e.parentSchema !== undefined && 'data' in e)).toBe(true);
  });

  it('artifact: same errors as the runtime one for a broken dashboard', () => {
    const dashboard = JSON.parse(sloJson(2)) as Record<string, unknown>;
    const broken = { ...dashboard, panels: [{ type: 7, gridPos: 'x' }], extra: true, uid: 5 };
    const fast = precompiledValidator(dir, 'artifact', dashboardSchema)!;
    const slow = runtime('artifact', withSharedDefinitions(dashboardSchema));
    expect(fast(dashboard)).toBe(slow(dashboard));
    expect(fast(broken)).toBe(false);
    slow(broken);
    expect(fast.errors).toEqual(slow.errors);
  });

  it('config messages are unchanged (they read parentSchema)', () => {
    expect(() => parseConfig('scrape:\n  intervl: 15s\n')).toThrow(/unknown key; did you mean "interval"\?/);
  });
});
