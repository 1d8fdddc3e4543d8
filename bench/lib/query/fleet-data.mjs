// A day of a simulated vLLM fleet as an OpenMetrics file for `promtool tsdb create-blocks-from
// openmetrics`. Series, labels and buckets come from the metric catalog (newest vLLM, V1, `engine`
// label) and from the targets the generated prometheus.yml scrapes; values follow a traffic model:
// requests arrive with a daily shape, counters only grow, histogram buckets are cumulative and every
// latency stretches as load rises. Written time-major (all series at t, then t + step), which
// gives each series its samples in time order, as promtool requires.
import { closeSync, openSync, writeSync } from 'node:fs';

/** Requests per second an engine finishes when saturated (the simulator's capacity, src/simulate). */
const CAPACITY = 4;

/** Shares of finished requests by the labels a request decides; values missing here get none. */
const REQUEST_SHARES = {
  finished_reason: { stop: 0.8, length: 0.15, abort: 0.04, error: 0.01 },
  status: { '2xx': 0.99, '5xx': 0.01 },
};

/** Log-normal per-request observations: median (at zero load), spread, growth with load, and how
 *  many observations one request makes. */
const OBSERVATIONS = {
  e2eLatency: { median: 4.5, spread: 0.6, grow: (l) => 1 + 0.6 * l * l },
  timeToFirstToken: { median: 0.15, spread: 0.9, grow: (l) => 1 + 4 * l ** 4 },
  interTokenLatency: { median: 0.022, spread: 0.25, grow: (l) => 1 + 0.3 * l, perRequest: 180 },
  requestTimePerOutputToken: { median: 0.022, spread: 0.2, grow: (l) => 1 + 0.3 * l },
  queueTime: { median: 0.02, spread: 1.2, grow: (l) => 1 + 30 * l ** 4 },
  inferenceTime: { median: 4.3, spread: 0.6, grow: (l) => 1 + 0.5 * l * l },
  prefillTime: { median: 0.09, spread: 0.5, grow: (l) => 1 + 0.5 * l },
  decodeTime: { median: 4.2, spread: 0.6, grow: (l) => 1 + 0.5 * l * l },
  promptLength: { median: 600, spread: 0.8 },
  generationLength: { median: 180, spread: 0.7 },
  iterationTokens: { median: 64, spread: 1, perRequest: 6 },
};
/** Histograms no concept names, by unit. */
const OBSERVATIONS_BY_UNIT = {
  seconds: OBSERVATIONS.e2eLatency,
  tokens: OBSERVATIONS.generationLength,
  bytes: { median: 4000, spread: 0.8 },
};
const DEFAULT_OBSERVATION = { median: 1, spread: 0.5 };

const mean = (o, load) => o.median * (o.grow?.(load) ?? 1) * Math.exp((o.spread * o.spread) / 2);

/** Counter increments per finished request. */
const PER_REQUEST = {
  requestSuccess: () => 1,
  promptTokens: () => mean(OBSERVATIONS.promptLength, 0),
  generationTokens: () => mean(OBSERVATIONS.generationLength, 0),
  prefixCacheQueries: () => mean(OBSERVATIONS.promptLength, 0),
  prefixCacheHits: () => 0.4 * mean(OBSERVATIONS.promptLength, 0),
  preemptions: (load) => 0.002 + 0.05 * load ** 4,
};
const EXTERNAL_PER_REQUEST = { http_requests_total: () => 1 };

/** Gauge values from the load and the request rate (Little's law for the batch and the queue). */
const GAUGES = {
  requestsRunning: ({ rate, load }) => Math.round(rate * mean(OBSERVATIONS.inferenceTime, load)),
  requestsWaiting: ({ rate, load }) => Math.round(rate * mean(OBSERVATIONS.queueTime, load)),
  requestsWaitingByReason: ({ rate, load }) => Math.round(rate * mean(OBSERVATIONS.queueTime, load)),
  kvCacheUsage: ({ load, noise }) => Math.min(1, Math.max(0, 0.1 + 0.75 * load + 0.02 * noise)),
};
/** Process metrics of the vLLM server: started once, well before the window. */
const EXTERNAL_GAUGES = {
  process_start_time_seconds: ({ startedAt }) => startedAt,
  process_resident_memory_bytes: () => 4.2e9,
};
const TARGET_GAUGES = { up: () => 1, probe_success: () => 1, probe_duration_seconds: () => 0.004, probe_http_status_code: () => 200 };

/** Daily traffic: lowest at 04:00 UTC, highest at 16:00, as share of capacity. */
export function dailyLoad(seconds) {
  const hour = (seconds / 3600) % 24;
  return 0.2 + 0.7 * (0.5 - 0.5 * Math.cos((2 * Math.PI * (hour - 4)) / 24));
}

/**
 * Plans the series of the simulated fleet. `servers`: `[{ labels, model, interval }]` (vLLM targets,
 * scrape interval in seconds); `probes`: `[{ labels, interval }]` (other scraped targets, e.g. the
 * /health probe job); `needed`: the series names the measured queries and rules read. Returns the
 * plan and the needed names nothing simulates.
 */
export function planFleet({ catalog, simulate, servers, probes, needed }) {
  const concepts = new Map();
  for (const concept of Object.keys(simulate.CONCEPTS)) for (const name of catalog.concept(concept)) concepts.set(name, concept);
  const families = [...catalog.metrics().map((m) => ({ metric: m, external: false })), ...catalog.externals().map((m) => ({ metric: m, external: true }))];
  const bySeriesName = new Map();
  for (const family of families) for (const series of seriesNamesOf(family.metric)) bySeriesName.set(series, family);
  const wanted = new Map();
  const unsimulated = [];
  for (const name of needed) {
    const family = bySeriesName.get(name);
    if (family) wanted.set(family, [...(wanted.get(family) ?? []), name]);
    else if (!(name in TARGET_GAUGES)) unsimulated.push(name);
  }
  const plans = [...wanted].map(([family, names]) => planFamily(family, new Set(names), concepts, catalog, simulate));
  const targetGauges = Object.keys(TARGET_GAUGES).filter((name) => needed.has(name));
  return { servers, probes, plans, targetGauges, unsimulated: unsimulated.sort() };
}

function seriesNamesOf(metric) {
  switch (metric.def.type) {
    case 'histogram':
      return ['_bucket', '_sum', '_count'].map((s) => metric.name + s);
    case 'summary':
      return ['_sum', '_count'].map((s) => metric.name + s);
    default:
      return [metric.name];
  }
}

function planFamily({ metric, external }, names, concepts, catalog, simulate) {
  const concept = concepts.get(metric.name);
  const scopeLabels = metric.labels.filter((l) => l === 'model_name' || l === 'engine');
  const extraLabels = metric.labels.filter((l) => !scopeLabels.includes(l));
  const combos = extraLabels.reduce(
    (acc, label) => acc.flatMap((combo) => labelShares(label, catalog, simulate).map(([value, share]) => ({ labels: { ...combo.labels, [label]: value }, share: combo.share * share }))),
    [{ labels: {}, share: 1 }],
  );
  const base = { name: metric.name, type: metric.def.type, scopeLabels, combos, names };
  // `le` values exactly as prometheus_client writes them (1.0, not 1), via the simulator
  const formatBound = simulate.formatValue;
  switch (metric.def.type) {
    case 'counter':
      return { ...base, perRequest: (external ? EXTERNAL_PER_REQUEST[metric.name] : PER_REQUEST[concept]) ?? (() => 0) };
    case 'gauge':
      return { ...base, gauge: (external ? EXTERNAL_GAUGES[metric.name] : GAUGES[concept]) ?? (() => (metric.def.unit === 'info' ? 1 : 0)) };
    default: {
      const observation = OBSERVATIONS[concept] ?? OBSERVATIONS_BY_UNIT[metric.def.unit] ?? DEFAULT_OBSERVATION;
      const bounds = metric.def.type === 'histogram' ? (catalog.buckets(metric.name) ?? simulate.buckets125(8192)) : [];
      return { ...base, observation, bounds, formatBound };
    }
  }
}

/** `[value, share]` of a label: request-decided labels split by the shares above (routes by the
 *  simulator's weights), the rest by the simulator's label table (src/simulate/labels.ts). */
function labelShares(label, catalog, simulate) {
  const known = simulate.labelValues(label, catalog.finishedReasons());
  const byValue = label === 'handler' ? Object.fromEntries(simulate.HANDLERS.map((h, i) => [h, simulate.HANDLER_WEIGHTS[i]])) : REQUEST_SHARES[label];
  const weights = byValue ? known.values.map((v) => byValue[v] ?? 0) : (known.weights ?? known.values.map(() => 1));
  const total = weights.reduce((a, b) => a + b, 0);
  return known.values.map((value, i) => [value, weights[i] / total]);
}

/**
 * Writes part `part` of `parts` of the plan's series (split by target) over [start, end] to `file`,
 * each target at its own scrape interval (`interval`, seconds); returns series and sample counts
 * and bytes. Parts let promtool import one file while the next is written.
 */
export function writeOpenMetrics(plan, { file, start, end, random, part = 0, parts = 1 }) {
  const mine = (_, index) => index % parts === part;
  const servers = plan.servers.filter(mine).map((server) => serverState(server, plan, random, start));
  const targets = [...plan.servers, ...plan.probes].filter(mine).map((target) => ({
    interval: target.interval,
    prefixes: plan.targetGauges.map((name) => [`${name}${labelText(target.labels)}`, TARGET_GAUGES[name]]),
  }));
  const tick = [...servers, ...targets].map((t) => t.interval).reduce(gcd);
  const fd = openSync(file, 'w');
  // samples are appended to one string and written in chunks of a few MiB: the text for a day of a
  // fleet runs to gigabytes, and building it line by line in arrays costs more than writing it
  const out = { text: '', samples: 0 };
  let bytes = 0;
  try {
    for (let t = start; t <= end; t += tick) {
      for (const server of servers) if ((t - start) % server.interval === 0) server.advance(t, out);
      for (const target of targets) {
        if ((t - start) % target.interval !== 0) continue;
        for (const [prefix, value] of target.prefixes) out.text += `${prefix} ${value()} ${t}\n`;
        out.samples += target.prefixes.length;
      }
      if (out.text.length > 4 * 2 ** 20) {
        bytes += writeSync(fd, out.text);
        out.text = '';
      }
    }
    bytes += writeSync(fd, `${out.text}# EOF\n`);
  } finally {
    closeSync(fd);
  }
  const series = servers.reduce((n, s) => n + s.series, 0) + targets.reduce((n, t) => n + t.prefixes.length, 0);
  return { series, samples: out.samples, bytes };
}

function gcd(a, b) {
  return b === 0 ? a : gcd(b, a % b);
}

/** One vLLM server: its series (label text precomputed), its load and its accumulators. */
function serverState(server, plan, random, start) {
  const rng = random(`${server.labels.instance}|${server.model}`);
  // the first model is the busy one; servers of a model differ by ±15%
  const modelIndex = [...new Set(plan.servers.map((s) => s.model))].indexOf(server.model);
  const factor = (modelIndex === 0 ? 1 : 0.6) * (0.85 + 0.3 * rng.next());
  const startedAt = start - 3600 - Math.floor(rng.next() * 86_400);
  const own = { model_name: server.model, engine: '0' };
  const series = plan.plans.flatMap((family) => {
    const scope = { ...server.labels, ...Object.fromEntries(family.scopeLabels.map((l) => [l, own[l]])) };
    return family.combos.map((combo) => seriesState(family, { ...scope, ...combo.labels }, combo.share));
  });
  let noise = 0;
  return {
    interval: server.interval,
    series: series.reduce((n, s) => n + s.count, 0),
    advance(t, out) {
      noise = 0.95 * noise + 0.3 * rng.normal();
      const load = Math.max(0.02, dailyLoad(t) * factor * (1 + 0.05 * noise));
      const rate = CAPACITY * load;
      const context = { t, load, rate, requests: rate * server.interval, noise, startedAt };
      for (const s of series) s.advance(context, out);
    },
  };
}

function seriesState(family, labels, share) {
  const text = (name, extra = {}) => `${name}${labelText({ ...labels, ...extra })}`;
  const has = (suffix) => family.names.has(family.name + suffix);
  switch (family.type) {
    case 'counter': {
      const prefix = `${text(family.name)} `;
      let total = 0;
      return {
        count: 1,
        advance({ t, load, requests }, out) {
          total += requests * share * family.perRequest(load);
          out.text += `${prefix}${Math.floor(total)} ${t}\n`;
          out.samples += 1;
        },
      };
    }
    case 'gauge': {
      const prefix = `${text(family.name)} `;
      return {
        count: 1,
        advance(context, out) {
          out.text += `${prefix}${round(family.gauge(context) * share)} ${context.t}\n`;
          out.samples += 1;
        },
      };
    }
    default: {
      const bounds = family.bounds;
      const bucketPrefixes = has('_bucket') ? [...bounds.map((b) => text(`${family.name}_bucket`, { le: family.formatBound(b) })), text(`${family.name}_bucket`, { le: '+Inf' })].map((p) => `${p} `) : [];
      const sumPrefix = has('_sum') ? `${text(`${family.name}_sum`)} ` : undefined;
      const countPrefix = has('_count') ? `${text(`${family.name}_count`)} ` : undefined;
      const logBounds = bounds.map(Math.log);
      const cumulative = new Float64Array(bounds.length);
      const o = family.observation;
      let count = 0;
      let sum = 0;
      return {
        count: bucketPrefixes.length + (sumPrefix ? 1 : 0) + (countPrefix ? 1 : 0),
        advance({ t, load, requests }, out) {
          const observed = requests * share * (o.perRequest ?? 1);
          const median = o.median * (o.grow?.(load) ?? 1);
          count += observed;
          sum += observed * mean(o, load);
          let text = '';
          if (bucketPrefixes.length > 0) {
            const logMedian = Math.log(median);
            for (let i = 0; i < bounds.length; i++) {
              cumulative[i] += observed * 0.5 * erfc(-(logBounds[i] - logMedian) / (o.spread * Math.SQRT2));
              text += `${bucketPrefixes[i]}${Math.floor(cumulative[i])} ${t}\n`;
            }
            text += `${bucketPrefixes[bounds.length]}${Math.floor(count)} ${t}\n`;
          }
          if (sumPrefix) text += `${sumPrefix}${round(sum)} ${t}\n`;
          if (countPrefix) text += `${countPrefix}${Math.floor(count)} ${t}\n`;
          out.text += text;
          out.samples += this.count;
        },
      };
    }
  }
}

function round(value) {
  return Number.isInteger(value) ? String(value) : value.toFixed(3);
}

function labelText(labels) {
  const pairs = Object.entries(labels).map(([name, value]) => `${name}="${String(value).replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`);
  return `{${pairs.join(',')}}`;
}

/** Complementary error function (Numerical Recipes erfcc, relative error < 1.2e-7). */
function erfc(x) {
  const z = Math.abs(x);
  const t = 1 / (1 + 0.5 * z);
  const r =
    t *
    Math.exp(
      -z * z - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418 + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))),
    );
  return x >= 0 ? r : 2 - r;
}
