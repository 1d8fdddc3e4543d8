// BENCHMARKS.md from one run's measurements: targets first, then machine, method and every number
// with median (min – max) over the repeated runs. Everything here is derived from the run, so the
// file can be regenerated at any time and never drifts from what was measured.
import { TARGETS_PER_DEPLOYMENT } from './fleet.mjs';
import { GRAFANA_SDK, HEAVY_PACKAGES } from './modules.mjs';
import { MEMORY_METHOD } from './process.mjs';
import { VARIANTS } from './query/index.mjs';
import { bytes, count, mib, ms, ratio, spread } from './stats.mjs';

const TARGETS = {
  startupRatio: 1.5,
  fleetMs: 2000,
  fleetDeployments: 1000,
  validationMs: 1000,
  sampleRatio: 10,
};

export function renderReport(report) {
  const lines = [
    '# Benchmarks',
    '',
    `Written by \`npm run bench\` (\`${report.command}\`) on ${report.startedAt.toISOString().slice(0, 16).replace('T', ' ')} UTC; the run took ${Math.round((report.finishedAt - report.startedAt) / 1000)} s. Do not edit: rerun the command.`,
    '',
    ...targetsSection(report),
    ...machineSection(report),
    ...methodSection(report),
    ...(report.generation ? generationSection(report.generation) : []),
    ...(report.validation ? validationSection(report.validation) : []),
    ...(report.queries ? querySection(report.queries) : report.queriesSkipped ? ['## 3. Query cost', '', `**Skipped:** ${report.queriesSkipped}.`, ''] : []),
  ];
  return `${lines.join('\n').replace(/\n{3,}/g, '\n\n').trimEnd()}\n`;
}

const table = (header, rows) => [`| ${header.join(' | ')} |`, `|${header.map(() => '---').join('|')}|`, ...rows.map((r) => `| ${r.join(' | ')} |`), ''];

const firstLine = (text) => text.trim().split('\n')[0];

const verdict = (met, by) => (met ? '**met**' : `**missed**: ${by}`);

/** The three largest self-time groups of a profile, for a one-line why. */
const topGroups = (profile) => profile.groups.slice(0, 3).map((x) => `${x.name} ${(x.share * 100).toFixed(0)}%`).join(', ');

function targetsSection(report) {
  const rows = [];
  const g = report.generation;
  if (g) {
    const def = g.commands.find((c) => c.name.startsWith('generate'));
    const startup = def.wallMs.median / g.baseline.wallMs.median;
    const importing = g.packages.reduce((sum, p) => sum + Math.max(0, p.wallMs.median - g.baseline.wallMs.median), 0);
    rows.push([
      `default \`generate\` within ${TARGETS.startupRatio}× a bare \`node -e 0\``,
      `${ms(def.wallMs.median)} vs ${ms(g.baseline.wallMs.median)}: ${ratio(startup)}`,
      verdict(
        startup <= TARGETS.startupRatio,
        `${ratio(startup / TARGETS.startupRatio)} the limit, ${ms(def.wallMs.median - TARGETS.startupRatio * g.baseline.wallMs.median)} too slow. Why: importing the heavy packages alone adds about ${ms(importing)} (1.4); the CPU profile's largest shares are ${topGroups(g.profiles[0])} (1.5)`,
      ),
    ]);
    const light = g.commands.filter((c) => !c.name.startsWith('generate'));
    const withSdk = light.filter((c) => c.modules.packages.has(GRAFANA_SDK));
    const otherHeavy = light.flatMap((c) => HEAVY_PACKAGES.filter((p) => p !== GRAFANA_SDK && c.modules.packages.has(p)).map((p) => `${c.name}: ${p}`));
    rows.push([
      `${light.map((c) => `\`${c.name}\``).join(', ')} do not load the Grafana SDK`,
      `${withSdk.length === 0 ? 'none loads it' : `loaded by ${withSdk.map((c) => c.name).join(', ')}`}${otherHeavy.length ? `; other heavy packages: ${otherHeavy.join(', ')}` : '; no other heavy package either'} (1.3)`,
      verdict(withSdk.length === 0, `${withSdk.length} command(s) load it`),
    ]);
    const fleet = g.fleets.find((f) => f.deployments === TARGETS.fleetDeployments);
    if (fleet) {
      const target = `${count(TARGETS.fleetDeployments)}-deployment fleet under ${ms(TARGETS.fleetMs)}`;
      const variant = fleet.withoutKubernetes;
      const why = `the CPU profile's largest shares are ${topGroups(g.profiles[g.profiles.length - 1])} (1.5)`;
      if (!fleet.failed) rows.push([target, ms(fleet.wallMs.median), verdict(fleet.wallMs.median < TARGETS.fleetMs, `${ratio(fleet.wallMs.median / TARGETS.fleetMs)} the limit. Why: ${why}`)]);
      else {
        const generated = variant && !variant.failed;
        const without = generated ? `; with \`kubernetes.enabled: false\` it is generated in ${ms(variant.wallMs.median)}` : '';
        rows.push([target, `refused after ${ms(fleet.wallMs.median)}: ${firstLine(fleet.failed)}${without}`, verdict(false, `vllm-obs refuses the fleet (1.2)${generated ? `, and without Kubernetes output takes ${ratio(variant.wallMs.median / TARGETS.fleetMs)} the limit. Why: ${why}` : ''}`)]);
      }
    }
  }
  if (report.validation) {
    const v = report.validation;
    rows.push([`in-process validation of the default output under ${ms(TARGETS.validationMs)}`, `${ms(v.coldMs.median)} cold, ${ms(v.warmMs.median)} warm`, verdict(v.coldMs.median < TARGETS.validationMs, `${ratio(v.coldMs.median / TARGETS.validationMs)} the limit`)]);
  }
  const q = report.queries;
  if (q) {
    const day = q.results.find((r) => r.range === '24h');
    const r = day.variants.official.samples / day.variants.recorded.samples;
    const a = day.variants.recorded;
    const raw = a.detail.filter((x) => x.reads !== 'recordings');
    const [top] = [...a.detail].sort((x, y) => y.samples - x.samples);
    const share = (n) => `${((n / a.samples) * 100).toFixed(0)}%`;
    const why = `${raw.length} of the overview's ${a.queries} queries read raw series and touch ${share(raw.reduce((n, x) => n + x.samples, 0))} of its samples; the largest, "${top.panel}" ${top.refId} (${top.instant ? 'instant' : 'range'} query), alone ${share(top.samples)} (3.4)`;
    rows.push([
      `overview refresh over 24h touches ≥ ${TARGETS.sampleRatio}× fewer samples than vLLM's official dashboard (${q.servers} servers)`,
      `${count(a.samples)} vs ${count(day.variants.official.samples)}: ${r >= 1 ? `${ratio(r)} fewer` : `${ratio(1 / r)} more`}`,
      verdict(r >= TARGETS.sampleRatio, `${r >= 1 ? `${ratio(TARGETS.sampleRatio / r)} short of the target` : `touches ${ratio(1 / r)} more instead of ${TARGETS.sampleRatio}× fewer`}. Why: ${why}`),
    ]);
  }
  return ['## Targets', '', ...table(['target', 'result', 'verdict'], rows)];
}

function machineSection(report) {
  const m = report.machine;
  if (!m) return [];
  const load = (values) => values.map((v) => v.toFixed(2)).join(' / ');
  return [
    '## Machine',
    '',
    `- CPU: ${m.cpu}; memory ${m.memoryGiB.toFixed(0)} GiB; ${m.os}`,
    `- Node ${m.node}${m.prometheus ? `; ${m.prometheus}` : ''}`,
    `- Load average (1 / 5 / 15 min) at start ${load(m.loadAverage)}, at end ${load(report.machineAtEnd.loadAverage)}. Other work on the machine inflates wall times (not sample counts); compare runs only at similar load.`,
    '',
  ];
}

function methodSection(report) {
  const s = report.settings;
  const q = report.queries;
  return [
    '## Method',
    '',
    `- Everything runs against the built \`dist/\` (\`npm run bench\` builds first), copied once at the start so a rebuild during the run cannot mix two builds. Repeated measurements are reported as median (min – max); each series of process runs starts with one discarded warm-up run.`,
    `- **Generation:** ${s.runs} runs per command, each in a fresh empty working directory writing to a fresh output directory. Wall time is taken by the parent from spawn to exit; ${MEMORY_METHOD}. The baseline is \`node -e 0\` measured the same way. Fleet configs are block-style YAML with \`deployments[]\` (model × cluster, ${TARGETS_PER_DEPLOYMENT} targets each), \`cluster.multi: true\` and two SLOs per model (availability, TTFT latency) restricted to that model. Module lists come from a separate traced run per command (a loader hook for ES modules plus the CommonJS require cache at exit); CPU profiles from one \`node --cpu-prof\` run (250 µs sampling), self time grouped by package or project folder.`,
    `- **Validation:** \`validateArtifacts(artifacts, model)\` from \`dist/validate/index.js\` on the default config's output, built in memory. ${s.runs} fresh processes each time one cold call (what a CLI run pays: schema compilation, parser start-up) and ${report.validation?.warmCalls ?? 'a few'} warm calls; one more process profiles its cold call alone (V8 profiler through \`node:inspector\`, 250 µs sampling).`,
    ...(q
      ? [
          `- **Query cost:** ${q.models.length} models × ${q.servers / q.models.length} vLLM servers (one engine each, vLLM ${q.version} metric set with the \`engine\` label), generated with \`scrape.interval: ${q.scrapeSeconds}s\`; the simulated fleet's targets and labels are those of the generated \`prometheus.yml\` (static groups and relabelling applied), each job at its own scrape interval. ${(q.window.end - q.window.start) / 3600} h of samples are written as OpenMetrics (${q.data.parts} files written while promtool imports the previous one) and imported with \`promtool tsdb create-blocks-from openmetrics\`; only the metric families the three query sets and the needed recording rules read are simulated (queries touch only the series they select, so the others would change file size, not the counts). Counters only grow, buckets are cumulative, traffic follows a daily curve (lowest 04:00, highest 16:00 UTC) per server with noise, and latencies stretch with load.`,
          `- The recording rules the overview reads (transitively) are backfilled with \`promtool tsdb create-blocks-from rules\` at their group interval, level by level (a rule reading another recording is evaluated after that recording is stored, Prometheus restarted in between). Queries run after Prometheus' first compaction cycle has merged the backfilled blocks and its CPU has gone quiet.`,
          `- Every query runs as Grafana would send it: a range query (instant for targets marked instant) with step = range/1000 rounded up to a multiple of the scrape interval, start and end aligned to the step, \`$__interval\` = step, \`$__rate_interval\` = max(4 × scrape interval, step + scrape interval), variables at their defaults (All: the variable's custom all value, else every listed value as a regex alternation, as Grafana escapes it; label_values() answered by the same Prometheus). Samples touched = \`stats=all\` → \`totalQueryableSamples\`, summed over the dashboard's queries; wall time = client-side sum over the queries, run one after another (Grafana runs them concurrently, so this is total work, not latency). ${s.queryRuns} passes, variants taking turns within a pass; no warm-up pass, as the blocks were just written and compacted and sit in the page cache.`,
          `- (b) is built from (a)'s text: each recorded series is replaced by the expression of the recording rule that defines it (read back from the generated rule files), with the panel's label matchers pushed into that expression's selectors; a recording read over a range becomes a subquery at the rule's interval. (c) is the official dashboard's panel queries, copied into \`bench/lib/query/official.mjs\` from ${q.officialSource}, with \`$model_name\` = \`${q.officialModel}\` (the dashboard's first listed model; it shows one model at a time, so it reads half the fleet).`,
          `- Scrape interval ${q.scrapeSeconds}s keeps the file and import time in bounds. At the more common 15s, raw samples per second of range are ${q.scrapeSeconds / 15}× denser: queries on raw series ((b), (c), and the raw-reading panels of (a)) would touch about ${q.scrapeSeconds / 15}× more, while recordings (evaluated every ${q.evalInterval}) would not change — so the ratios below understate the gain of reading recordings. The series have ${(q.window.end - q.window.start) / 3600} h of history; a \`[$__range]\` window over the 24h range would reach back 48 h, so such queries touch less here than in a long-running Prometheus.`,
        ]
      : []),
    '',
  ];
}

function generationSection(g) {
  const base = g.baseline.wallMs.median;
  const lines = ['## 1. Generation', '', '### 1.1 Commands', ''];
  lines.push(
    ...table(
      ['command', 'wall time', '× bare node', 'peak RSS', 'output'],
      [
        ['`node -e 0` (baseline)', spread(g.baseline.wallMs, ms), '1.00x', spread(g.baseline.maxRssKib, mib), ''],
        ...g.commands.map((c) => [`\`vllm-obs ${c.name}\``, spread(c.wallMs, ms), ratio(c.wallMs.median / base), spread(c.maxRssKib, mib), c.output ? `${c.output.files} files, ${bytes(c.output.bytes)}` : '']),
      ],
    ),
  );
  lines.push('### 1.2 Fleets', '');
  const fleetRow = (f, name) => [
    name,
    `${f.models} × ${f.clusters}`,
    count(f.targets),
    count(f.slos),
    `${f.failed ? 'refused after ' : ''}${spread(f.wallMs, ms)}`,
    ratio(f.wallMs.median / base),
    spread(f.maxRssKib, mib),
    f.failed ? 'nothing (refused)' : `${f.output.files} files, ${bytes(f.output.bytes)}`,
  ];
  lines.push(
    ...table(
      ['deployments', 'models × clusters', 'targets', 'SLOs', 'wall time', '× bare node', 'peak RSS', 'output'],
      g.fleets.flatMap((f) => [
        fleetRow(f, count(f.deployments)),
        ...(f.withoutKubernetes ? [fleetRow({ ...f, ...f.withoutKubernetes }, `${count(f.deployments)}, \`kubernetes.enabled: false\``)] : []),
      ]),
    ),
  );
  for (const f of g.fleets.filter((x) => x.failed)) lines.push(`**${count(f.deployments)} deployments: \`vllm-obs generate\` refuses the config:**`, '', '```', f.failed.trim(), '```', '');
  // growth over the runs that produced output, the Kubernetes-less variant standing in for a refused fleet
  const effective = (f) => (f.failed ? f.withoutKubernetes && { ...f, ...f.withoutKubernetes } : f);
  const produced = g.fleets.map(effective).filter((f) => f && !f.failed);
  const [small, large] = [produced[0], produced[produced.length - 1]];
  if (small && large && small !== large) {
    const perDeployment = (large.wallMs.median - small.wallMs.median) / (large.deployments - small.deployments);
    const substituted = g.fleets.some((f) => f.failed) ? ' (refused fleets counted with `kubernetes.enabled: false`)' : '';
    lines.push(
      `Growth from ${count(small.deployments)} to ${count(large.deployments)} deployments (${ratio(large.deployments / small.deployments)} the input)${substituted}: wall time ${ratio(large.wallMs.median / small.wallMs.median)}, peak RSS ${ratio(large.maxRssKib.median / small.maxRssKib.median)}, output ${ratio(large.output.bytes / small.output.bytes)}; ${ms(perDeployment)} per extra deployment.`,
      '',
      `Largest files for ${count(large.deployments)} deployments: ${large.output.largest.map((f) => `\`${f.path}\` ${bytes(f.bytes)}`).join(', ')}.`,
      '',
    );
  }
  lines.push('### 1.3 Modules each command loads', '', 'Project modules are files under `dist/`; packages are counted in files loaded from `node_modules`.', '');
  lines.push(
    ...table(
      ['command', 'project modules', 'package files', 'heavy packages loaded', 'other packages'],
      g.commands.map((c) => {
        const heavy = HEAVY_PACKAGES.filter((p) => c.modules.packages.has(p));
        const other = [...c.modules.packages.keys()].filter((p) => !HEAVY_PACKAGES.includes(p));
        const files = [...c.modules.packages.values()].reduce((a, b) => a + b, 0);
        return [`\`${c.name}\``, String(c.modules.project.length), String(files), heavy.length ? heavy.map((p) => `${p} (${c.modules.packages.get(p)})`).join(', ') : 'none', other.join(', ') || 'none'];
      }),
    ),
  );
  lines.push(
    '### 1.4 What loading each heavy package costs',
    '',
    'A fresh `node` that only imports the package, by the specifiers `dist/` imports it with; "added" is the median over the bare `node -e 0`.',
    '',
    ...table(
      ['package', 'imported as', 'wall time', 'added', 'peak RSS'],
      g.packages.map((p) => [p.name, p.specifiers.map((x) => `\`${x}\``).join(', '), spread(p.wallMs, ms), ms(p.wallMs.median - base), spread(p.maxRssKib, mib)]),
    ),
  );
  lines.push('### 1.5 Where the time goes (CPU profile, self time)', '');
  for (const profile of g.profiles) lines.push(...profileTables(`\`vllm-obs ${profile.name}\``, profile));
  return lines;
}

/** Self time by module group, and the top functions folded away. */
function profileTables(title, profile) {
  const share = (x) => `${(x.share * 100).toFixed(1)}%`;
  return [
    `**${title}** — ${ms(profile.totalMs)} sampled.`,
    '',
    ...table(['group', 'self time', 'share'], profile.groups.slice(0, 10).map((x) => [x.name, ms(x.ms), share(x)])),
    '<details><summary>Top functions</summary>',
    '',
    ...table(['function', 'self time', 'share'], profile.functions.map((x) => [`\`${x.name}\``, ms(x.ms), share(x)])),
    '</details>',
    '',
  ];
}

function validationSection(v) {
  return [
    '## 2. Validation',
    '',
    `The default config's ${v.artifacts} artifacts (${bytes(v.bytes)}), ${v.findings} finding(s).`,
    '',
    ...table(['call', 'time'], [['first call in a process (cold)', spread(v.coldMs, ms)], ['repeated call (warm)', spread(v.warmMs, ms)]]),
    ...profileTables('Cold call (CPU profile, self time)', v.profile),
  ];
}

function querySection(q) {
  const lines = ['## 3. Query cost', '', '### 3.1 Data', ''];
  const d = q.data;
  lines.push(
    `- ${q.servers} vLLM servers (${q.models.join(', ')}), ${q.probes} probe targets; ${count(d.series)} series, ${count(d.samples)} samples, ${bytes(d.bytes)} of OpenMetrics, written and imported in ${ms(d.backfillMs)}.`,
    `- Families simulated: ${d.families.map((f) => `\`${f}\``).join(', ')}, plus \`up\` and the probe series.${d.unsimulated.length ? ` Read by a query but not simulated (those queries see no data): ${d.unsimulated.map((n) => `\`${n}\``).join(', ')}.` : ''}`,
    `- Recording rules: the overview reads ${q.rules.backfilled} recording rules (directly or through other recordings) of the ${q.rules.records} record names generated; backfilled in ${q.rules.levels.length} level(s): ${q.rules.levels.map((l, i) => `level ${i + 1}: ${l.rules} rules in ${ms(l.ms)}`).join('; ')}. Compaction settled ${ms(q.settleMs)} after the last restart; queries ran over ${q.blocks} TSDB block(s).`,
    '',
  );
  lines.push('### 3.2 Results', '');
  const rows = [];
  for (const result of q.results) {
    for (const [name, v] of Object.entries(result.variants)) {
      const step = v.detail[0]?.step;
      rows.push([result.range, VARIANTS[name], String(v.queries), count(v.samples), count(v.peakSamples), spread(v.wallMs, ms), spread(v.evalMs, ms), `${step}s`, v.empty.length ? `${v.empty.length}: ${v.empty.join(', ')}` : '0']);
    }
  }
  lines.push(...table(['range', 'query set', 'queries', 'samples touched', 'peak samples', 'wall time (sum)', 'Prometheus eval time (sum)', 'step', 'queries with no data'], rows));
  lines.push('### 3.3 Ratios', '');
  lines.push(
    ...table(
      ['range', 'samples (b)/(a)', 'samples (c)/(a)', 'wall time (b)/(a)', 'wall time (c)/(a)'],
      q.results.map((r) => {
        const [a, b, c] = ['recorded', 'raw', 'official'].map((n) => r.variants[n]);
        return [r.range, ratio(b.samples / a.samples), ratio(c.samples / a.samples), ratio(b.wallMs.median / a.wallMs.median), ratio(c.wallMs.median / a.wallMs.median)];
      }),
    ),
  );
  lines.push(...whereSamplesGo(q));
  lines.push(...consistency(q));
  return lines;
}

/** The overview's samples by what each query reads, and the queries that touch the most. */
function whereSamplesGo(q) {
  const day = q.results.find((r) => r.range === '24h').variants.recorded;
  const bySource = new Map();
  for (const query of day.detail) {
    const entry = bySource.get(query.reads) ?? { queries: 0, samples: 0 };
    entry.queries += 1;
    entry.samples += query.samples;
    bySource.set(query.reads, entry);
  }
  const top = [...day.detail].sort((a, b) => b.samples - a.samples).slice(0, 12);
  return [
    '### 3.4 Where the overview\'s samples go (24h)',
    '',
    ...table(
      ['queries reading', 'queries', 'samples touched', 'share'],
      [...bySource].map(([source, e]) => [source, String(e.queries), count(e.samples), `${((e.samples / day.samples) * 100).toFixed(1)}%`]),
    ),
    ...table(
      ['panel', 'query', 'reads', 'kind', 'samples touched', 'share'],
      top.map((x) => [x.panel, x.refId, x.reads, x.instant ? 'instant' : 'range', count(x.samples), `${((x.samples / day.samples) * 100).toFixed(1)}%`]),
    ),
    '<details><summary>Expressions of these queries (as sent, 24h)</summary>',
    '',
    ...top.map((x) => `- ${x.panel} ${x.refId}: \`${x.expr.replace(/`/g, "'")}\``),
    '',
    '</details>',
    '',
    '<details><summary>Every query of the overview (24h), by samples touched</summary>',
    '',
    ...table(
      ['panel', 'query', 'reads', 'kind', 'samples touched', 'result series', 'wall time (median)'],
      [...day.detail].sort((a, b) => b.samples - a.samples).map((x) => [x.panel, x.refId, x.reads, x.instant ? 'instant' : 'range', count(x.samples), String(x.resultSeries), ms(x.wallMs)]),
    ),
    '</details>',
    '',
  ];
}

/** (a) and (b) compute the same panels: their result series counts should agree. */
function consistency(q) {
  const mismatches = q.results.flatMap((r) =>
    r.variants.recorded.detail
      .map((a, i) => [a, r.variants.raw.detail[i]])
      .filter(([a, b]) => a.resultSeries !== b.resultSeries)
      .map(([a, b]) => `${r.range} ${a.panel} ${a.refId}: ${a.resultSeries} series from recordings, ${b.resultSeries} from raw`),
  );
  return [
    '### 3.5 Check: recorded and raw variants agree',
    '',
    mismatches.length === 0
      ? 'Every query of (a) and its raw rewrite (b) return the same number of series over both ranges.'
      : `These queries return different numbers of series from recordings and from raw series:\n\n${mismatches.map((m) => `- ${m}`).join('\n')}`,
    '',
  ];
}
