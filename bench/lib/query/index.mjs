// Section 3: what a dashboard refresh costs Prometheus. A day of a simulated fleet is backfilled
// into a real Prometheus (raw series with promtool's OpenMetrics backfill, then the generated
// recording rules with promtool's rule backfill), and three query sets are run over 1h and 24h the
// way Grafana sends them: (a) the generated overview dashboard, which reads recordings; (b) the same
// panels computed from raw series; (c) vLLM's official example dashboard.
import { mkdirSync, mkdtempSync, readdirSync, renameSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { stringify } from 'yaml';
import { progress, removeOnExit, startTool } from '../process.mjs';
import { summarize } from '../stats.mjs';
import { planFleet, writeOpenMetrics } from './fleet-data.mjs';
import { interpolate, macrosFor, panelQueries, rateIntervalFor, resolveVariables, stepFor } from './grafana.mjs';
import { OFFICIAL_DASHBOARD, OFFICIAL_VARIABLES, officialQueries } from './official.mjs';
import { blocksLoaded, labelValues, startPrometheus, timedQuery, waitUntilSettled } from './prometheus.mjs';
import { metricNames, rawExpression } from './promql.mjs';
import { recordingRules, ruleFile, ruleLevels, rulesNeededBy } from './rules.mjs';
import { scrapeTargets } from './targets.mjs';

/** The simulated fleet: two models, each served by `instancesPerModel` vLLM servers. */
const MODELS = [
  { model: 'meta-llama/Llama-3.1-8B-Instruct', deployment: 'llama-3-1-8b' },
  { model: 'Qwen/Qwen2.5-7B-Instruct', deployment: 'qwen-2-5-7b' },
];

const RANGES = [
  { name: '1h', seconds: 3600 },
  { name: '24h', seconds: 86_400 },
];

/** Extra history before the longest range, so its first rate windows (≤ 5m) and recordings are full. */
const MARGIN_SECONDS = 15 * 60;

/** promtool re-reads its whole input once per block it writes; with blocks this long (its largest
 *  size up to 72h) the simulated window sits in one block, so each input is read twice, not 14 times. */
const BACKFILL_BLOCK_SECONDS = 54 * 3600;
const BACKFILL_MAX_BLOCK = '--max-block-duration=72h';

/** Input files written one after another; promtool imports them while later ones are written. */
const BACKFILL_PARTS = 8;
/** promtool runs single-threaded and imports slower than the writer writes: two at a time keep two
 *  cores busy (for rule backfills too, whose queries Prometheus answers in parallel). */
const CONCURRENT_IMPORTS = 2;

export const VARIANTS = {
  recorded: '(a) vllm-obs overview, reading recording rules',
  raw: '(b) same panels from raw series',
  official: '(c) vLLM official example dashboard',
};

export function queryFleetConfig({ instancesPerModel, scrapeSeconds }) {
  return {
    scrape: { interval: `${scrapeSeconds}s`, timeout: `${Math.min(10, scrapeSeconds)}s`, targets: [] },
    deployments: MODELS.map(({ model, deployment }, m) => ({
      name: deployment,
      model,
      targets: Array.from({ length: instancesPerModel }, (_, i) => `10.${m}.${i >> 8}.${i & 255}:8000`),
    })),
  };
}

export async function benchQueries(root, { promtool, prometheus, instancesPerModel, scrapeSeconds, runs, keep }) {
  const dist = await importDist(root);
  const fleet = prepareFleet(dist, { instancesPerModel, scrapeSeconds });
  const work = mkdtempSync(join(tmpdir(), 'vllm-obs-bench-tsdb-'));
  if (!keep) removeOnExit(work);
  const dataDir = join(work, 'data');
  const servers = { current: undefined };
  try {
    // the window ends at a block boundary at least an hour ago, so it fits one backfill block
    const end = Math.floor((Date.now() / 1000 - 3600) / BACKFILL_BLOCK_SECONDS) * BACKFILL_BLOCK_SECONDS - scrapeSeconds;
    const start = end - RANGES[RANGES.length - 1].seconds - MARGIN_SECONDS;
    const data = await backfillSeries(dist, fleet, { promtool, work, dataDir, start, end });
    servers.current = await startPrometheus(prometheus, { dir: work, dataDir });
    const restart = async () => {
      await servers.current.stop();
      servers.current = await startPrometheus(prometheus, { dir: work, dataDir });
    };
    const levels = await backfillRules(fleet, { promtool, work, dataDir, start, end, server: () => servers.current, restart });
    progress('queries: waiting for Prometheus to compact the backfilled blocks');
    const begin = performance.now();
    await waitUntilSettled(servers.current, { onWait: (what) => progress(`queries: ${what}`) });
    const settleMs = performance.now() - begin;
    const blocks = await blocksLoaded(servers.current);
    const measured = await runQuerySets(dist, fleet, { server: servers.current, scrapeSeconds, end, runs });
    return {
      servers: fleet.servers.length,
      probes: fleet.probes.length,
      models: MODELS.map((m) => m.model),
      version: dist.NEWEST_VERSION,
      scrapeSeconds,
      evalInterval: fleet.evalInterval,
      window: { start, end },
      data,
      rules: { records: fleet.byRecord.size, backfilled: fleet.neededRules.length, levels },
      settleMs,
      blocks,
      officialSource: OFFICIAL_DASHBOARD.source,
      ...measured,
    };
  } finally {
    await servers.current?.stop();
    if (keep) progress(`queries: kept ${work}`);
    else rmSync(work, { recursive: true, force: true });
  }
}

/** The generated output for the simulated fleet, its queries and rules, and what to simulate. */
function prepareFleet(dist, { instancesPerModel, scrapeSeconds }) {
  const config = queryFleetConfig({ instancesPerModel, scrapeSeconds });
  progress(`queries: generating the output for ${MODELS.length} models × ${instancesPerModel} instances`);
  // validation findings are section 2's to report; this section measures the queries as generated
  const { model, files } = dist.generate(config, { validate: false });
  const overviewPath = `${dist.OUT.dashboards}/${dist.DASHBOARD.overview.file}`;
  if (!files.has(overviewPath)) throw new Error(`the generated output has no ${overviewPath}: is the dashboards builder in?`);
  const overview = JSON.parse(files.get(overviewPath));
  const evalInterval = model.config.rules.evaluationInterval;
  const { byRecord } = recordingRules(files, { ruleDir: dist.OUT.rules, suffix: dist.OUT.ruleFileSuffix, defaultInterval: evalInterval });

  const recorded = panelQueries(overview);
  const official = officialQueries();
  // macros sit where PromQL wants a duration; any value parses, and variables only fill label values
  const parseable = (expr) => interpolate(expr, new Map(), macrosFor({ rangeSeconds: 3600, stepSeconds: 60, rateIntervalSeconds: 240 }), () => '.*');
  const neededRules = rulesNeededBy(recorded.map((q) => parseable(q.expr)), byRecord);
  const variableSelectors = [...(overview.templating?.list ?? []), ...OFFICIAL_VARIABLES]
    .map((v) => /^label_values\((.*),\s*\w+\s*\)$/.exec(String(typeof v.query === 'string' ? v.query : (v.query?.query ?? '')).trim())?.[1])
    .filter(Boolean);
  const needed = new Set(
    [...recorded.map((q) => parseable(q.expr)), ...neededRules.map((r) => r.expr), ...official.map((q) => parseable(q.expr)), ...variableSelectors.map(parseable)]
      .flatMap(metricNames)
      .filter((name) => !byRecord.has(name)),
  );

  const targets = scrapeTargets(files.get(dist.OUT.prometheusConfig));
  const modelOf = new Map(config.deployments.map((d) => [d.name, d.model]));
  const withSeconds = (t) => ({ ...t, interval: dist.durationSeconds(t.interval) });
  const isVllm = (t) => t.job === model.config.scrape.jobName;
  const servers = targets.filter(isVllm).map((t) => ({ ...withSeconds(t), model: modelOf.get(t.labels.deployment) }));
  const probes = targets.filter((t) => !isVllm(t)).map(withSeconds);
  const catalog = dist.catalogFor(dist.NEWEST_VERSION, { prefix: model.config.vllm.metricPrefix });
  const plan = planFleet({ catalog, simulate: dist.simulate, servers, probes, needed });
  return { overview, recorded, official, byRecord, neededRules, evalInterval, servers, probes, plan };
}

/** Writes the fleet's day as OpenMetrics in parts; promtool imports each (two at a time) while the
 *  next is written, and each file is deleted once imported. */
async function backfillSeries(dist, { plan, servers }, { promtool, work, dataDir, start, end }) {
  const parts = Math.min(BACKFILL_PARTS, servers.length);
  progress(`queries: writing ${plan.plans.length} metric families for ${servers.length} servers over ${(end - start) / 3600}h in ${parts} parts, importing each with promtool`);
  const begin = performance.now();
  const written = { series: 0, samples: 0, bytes: 0 };
  const importing = new Set();
  for (let part = 0; part < parts; part++) {
    const file = join(work, `fleet-${part}.om`);
    const result = writeOpenMetrics(plan, { file, start, end, part, parts, random: (key) => dist.random.seededRandom(dist.random.seedOf(key, 1)) });
    for (const key of Object.keys(written)) written[key] += result[key];
    while (importing.size >= CONCURRENT_IMPORTS) await Promise.race(importing);
    const run = startTool(promtool, ['tsdb', 'create-blocks-from', 'openmetrics', '--quiet', BACKFILL_MAX_BLOCK, file, dataDir]).then(() => {
      rmSync(file);
      importing.delete(run);
    });
    importing.add(run);
  }
  await Promise.all(importing);
  const backfillMs = performance.now() - begin;
  progress(`queries: ${written.series.toLocaleString('en-US')} series, ${written.samples.toLocaleString('en-US')} samples, ${(written.bytes / 2 ** 20).toFixed(0)} MiB of OpenMetrics imported`);
  return { ...written, parts, families: plan.plans.map((p) => p.name).sort(), unsimulated: plan.unsimulated, backfillMs };
}

/** Backfills the needed recording rules level by level, each level split over two promtool runs
 *  (Prometheus answers their queries on both cores); Prometheus restarts to load each level. */
async function backfillRules({ neededRules, evalInterval }, { promtool, work, dataDir, start, end, server, restart }) {
  const levels = ruleLevels(neededRules);
  const times = [];
  for (const [index, rules] of levels.entries()) {
    progress(`queries: backfilling ${rules.length} recording rules of level ${index + 1} of ${levels.length}`);
    const begin = performance.now();
    const shares = Array.from({ length: CONCURRENT_IMPORTS }, (_, share) => rules.filter((_, i) => i % CONCURRENT_IMPORTS === share)).filter((r) => r.length > 0);
    await Promise.all(
      shares.map(async (share, n) => {
        const file = join(work, `level-${index}-${n}.rules.yml`);
        writeFileSync(file, stringify(ruleFile(share)));
        const out = join(work, `level-${index}-${n}`);
        await startTool(promtool, ['tsdb', 'create-blocks-from', 'rules', '--quiet', BACKFILL_MAX_BLOCK, `--url=${server().url}`, `--start=${start}`, `--end=${end}`, `--output-dir=${out}`, `--eval-interval=${evalInterval}`, file]);
        moveBlocks(out, dataDir);
      }),
    );
    times.push({ rules: rules.length, ms: performance.now() - begin });
    await restart();
  }
  return times;
}

/** The three query sets over each range, interpolated as Grafana would, measured in turns. */
async function runQuerySets(dist, { overview, recorded, official, byRecord }, { server, scrapeSeconds, end, runs }) {
  const listValues = (range) => (label, match) => labelValues(server, label, match, { start: end - range.seconds, end });
  const officialDashboard = { templating: { list: OFFICIAL_VARIABLES } };
  const results = [];
  let officialModel;
  for (const range of RANGES) {
    const timing = { range, scrapeSeconds, end, durationSeconds: dist.durationSeconds };
    const officialVariables = await resolveVariables(officialDashboard, listValues(range));
    officialModel = officialVariables.get('model_name');
    const overviewQueries = variantQueries(recorded, await resolveVariables(overview, listValues(range)), timing);
    const sets = {
      recorded: overviewQueries.map((q) => ({ ...q, reads: sourcesOf(q.expr, byRecord) })),
      raw: overviewQueries.map((q) => ({ ...q, expr: rawExpression(q.expr, byRecord) })),
      official: variantQueries(official, officialVariables, timing),
    };
    progress(`queries: ${range.name}: ${sets.recorded.length} + ${sets.raw.length} + ${sets.official.length} queries × ${runs} runs`);
    results.push({ range: range.name, ...(await measureVariants(server, sets, runs)) });
  }
  return { officialModel, results };
}

/** The dist modules this section needs. */
async function importDist(root) {
  const load = (path) => import(new URL(`file://${join(root, 'dist', path)}`).href);
  const [generate, duration, model, catalog, labels, simulation, exposition, random] = await Promise.all([
    load('generate.js'),
    load('config/duration.js'),
    load('model/index.js'),
    load('catalog/index.js'),
    load('simulate/labels.js'),
    load('simulate/simulation.js'),
    load('simulate/exposition.js'),
    load('simulate/random.js'),
  ]);
  return {
    generate: generate.generate,
    durationSeconds: duration.durationSeconds,
    OUT: model.OUT,
    DASHBOARD: model.DASHBOARD,
    catalogFor: catalog.catalogFor,
    NEWEST_VERSION: catalog.NEWEST_VERSION,
    simulate: { CONCEPTS: catalog.CONCEPTS, labelValues: labels.labelValues, HANDLERS: labels.HANDLERS, HANDLER_WEIGHTS: labels.HANDLER_WEIGHTS, buckets125: simulation.buckets125, formatValue: exposition.formatValue },
    random,
  };
}

/** Each query ready to send: interpolated with the range's step and rate interval. */
function variantQueries(queries, variables, { range, scrapeSeconds, end, durationSeconds }) {
  return queries.map((query) => {
    const minInterval = query.minInterval ? durationSeconds(query.minInterval) : 0;
    const stepSeconds = stepFor(range.seconds, scrapeSeconds, minInterval);
    const rateIntervalSeconds = rateIntervalFor(stepSeconds, scrapeSeconds);
    const alignedEnd = Math.floor(end / stepSeconds) * stepSeconds;
    return {
      panel: query.panel,
      refId: query.refId,
      instant: query.instant,
      expr: interpolate(query.expr, variables, macrosFor({ rangeSeconds: range.seconds, stepSeconds, rateIntervalSeconds })),
      start: Math.floor((end - range.seconds) / stepSeconds) * stepSeconds,
      end: alignedEnd,
      step: stepSeconds,
    };
  });
}

/** `runs` passes over every query; variants take turns within each pass. No warm-up pass: the
 *  blocks were just written and compacted, so they are in the page cache already. */
async function measureVariants(server, sets, runs) {
  const names = Object.keys(VARIANTS);
  const perQuery = Object.fromEntries(names.map((name) => [name, sets[name].map(() => [])]));
  for (let pass = 0; pass < runs; pass++) {
    for (const name of names) {
      for (const [i, query] of sets[name].entries()) perQuery[name][i].push(await timedQuery(server, query));
    }
  }
  return {
    variants: Object.fromEntries(
      names.map((name) => {
        const runsOf = perQuery[name];
        const passTotal = (field) => Array.from({ length: runs }, (_, r) => runsOf.reduce((sum, q) => sum + q[r][field], 0));
        return [
          name,
          {
            queries: sets[name].length,
            samples: passTotal('samples')[0],
            peakSamples: Math.max(...runsOf.map((q) => q[0].peakSamples)),
            wallMs: summarize(passTotal('wallMs')),
            evalMs: summarize(passTotal('evalMs')),
            empty: sets[name].filter((_, i) => runsOf[i][0].resultSeries === 0).map((q) => `${q.panel} ${q.refId}`),
            detail: sets[name].map((q, i) => ({
              panel: q.panel,
              refId: q.refId,
              step: q.step,
              instant: q.instant,
              samples: runsOf[i][0].samples,
              wallMs: summarize(runsOf[i].map((r) => r.wallMs)).median,
              resultSeries: runsOf[i][0].resultSeries,
              reads: q.reads,
              expr: q.expr,
            })),
          },
        ];
      }),
    ),
  };
}

/** Whether a query reads recordings, raw series, or both. */
function sourcesOf(expr, byRecord) {
  const names = metricNames(expr);
  const recordings = names.filter((name) => byRecord.has(name)).length;
  if (recordings === names.length) return 'recordings';
  return recordings === 0 ? 'raw series' : 'both';
}

/** Moves the TSDB blocks promtool wrote into Prometheus' data directory. */
function moveBlocks(from, to) {
  if (!existsSync(from)) return;
  mkdirSync(to, { recursive: true });
  for (const entry of readdirSync(from, { withFileTypes: true })) {
    if (entry.isDirectory() && existsSync(join(from, entry.name, 'meta.json'))) renameSync(join(from, entry.name), join(to, entry.name));
  }
}
