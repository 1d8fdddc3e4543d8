// One row per configured SLO: the objective, the SLI now, the error budget left over the period and
// the burn rate per window, all read from the SLO recording rules.
import type * as dashboard from '@grafana/grafana-foundation-sdk/dashboard';
import type { SloConfig } from '../config/types.js';
import type { Model } from '../model/index.js';
import { lines, statPanel, timeseriesPanel, type PanelSpec, type Row, type Steps } from './common.js';
import { vllmDashboard } from './dashboard.js';
import { hasErrorReason } from '../rules/signals.js';
import { resolveSlos } from '../rules/slo.js';
import { SloQueries } from './queries.js';

/** The short window of the fastest-burning page (14.4x over 1h): "now" for an SLI. */
const NOW_WINDOW = '1h';

/** A burn rate of 1 spends exactly the budget over the period. */
const BURN_STEPS: Steps = [
  { value: null, color: 'green' },
  { value: 1, color: 'orange' },
];

const BUDGET_STEPS: Steps = [
  { value: null, color: 'red' },
  { value: 0, color: 'orange' },
  { value: 0.25, color: 'green' },
];

const LATENCY_NAMES: Record<SloConfig['latency'], string> = {
  e2e: 'end-to-end latency',
  ttft: 'time to first token',
  itl: 'inter-token latency',
};

function sloSummary(model: Model, slo: SloConfig): string {
  if (slo.kind === 'latency') return `${slo.objective}% of requests with ${LATENCY_NAMES[slo.latency]} at or under ${slo.threshold}s over ${slo.period}`;
  const events = hasErrorReason(model) ? 'finished requests without an engine error' : 'HTTP requests without a 5xx response';
  return `${slo.objective}% of ${events} over ${slo.period}`;
}

function sloRow(model: Model, slo: SloConfig): Row {
  const q = new SloQueries(model, slo);
  const summary = sloSummary(model, slo);
  const objective = slo.objective / 100;
  const sliSteps: Steps = [
    { value: null, color: 'red' },
    { value: objective, color: 'green' },
  ];
  const stats: [PanelSpec, Steps][] = [
    [{ title: 'Objective', description: `The target: ${summary}.`, unit: 'percentunit', targets: [{ query: q.objective(), legend: 'objective' }] }, [{ value: null, color: 'text' }]],
    [
      {
        title: `SLI (${NOW_WINDOW})`,
        description: `Share of good events over the last ${NOW_WINDOW}. Good: at or above the objective.`,
        unit: 'percentunit',
        targets: [{ query: q.sli(NOW_WINDOW), legend: 'SLI' }],
      },
      sliSteps,
    ],
    [
      {
        title: 'Error budget remaining',
        description: `Share of the error budget of the ${slo.period} period still unspent. Below 0 the SLO is broken for the period; freeze risky changes well before.`,
        unit: 'percentunit',
        targets: [{ query: q.budgetRemaining(), legend: 'remaining' }],
      },
      BUDGET_STEPS,
    ],
    [
      {
        title: `Burn rate (${NOW_WINDOW})`,
        description: `How fast the budget burns over the last ${NOW_WINDOW}: 1 spends it exactly over the period, 14.4 spends 2% of a 30-day budget in an hour.`,
        unit: 'none',
        targets: [{ query: q.burnRate(NOW_WINDOW), legend: 'burn rate' }],
      },
      BURN_STEPS,
    ],
  ];
  const graphs: PanelSpec[] = [
    {
      title: 'SLI and objective',
      description: `Share of good events over ${NOW_WINDOW} windows against the objective. Dips below the line spend error budget.`,
      unit: 'percentunit',
      targets: [
        { query: q.sli(NOW_WINDOW), legend: `SLI (${NOW_WINDOW})` },
        { query: q.objective(), legend: 'objective' },
      ],
    },
    {
      title: 'Burn rate by window',
      description: 'Burn rate over each alerting window. Pages fire when a long and a short window both burn fast; tickets for slow, steady burns.',
      unit: 'none',
      min: 0,
      targets: [{ query: q.burnRateByWindow(), legend: '{{window}}' }],
    },
    {
      title: 'Error budget remaining',
      description: `Unspent share of the ${slo.period} error budget over time.`,
      unit: 'percentunit',
      targets: [{ query: q.budgetRemaining(), legend: 'remaining' }],
    },
  ];
  return {
    title: `SLO ${slo.name}: ${summary}`,
    lines: [
      ...lines(stats.map(([spec, steps]) => statPanel(spec, { steps, noValue: 'no data yet' })), 4, 4),
      ...lines(graphs.map((spec) => timeseriesPanel(spec)), 3, 8),
    ],
  };
}

/** Rows for the SLOs the rules can measure on this vLLM version (e.g. availability needs HTTP metrics
 *  or finished_reason="error"), so no row waits for series that never come. */
export function sloDashboard(model: Model): dashboard.Dashboard {
  const rows = resolveSlos(model).slos.map(({ slo }) => sloRow(model, slo));
  return vllmDashboard(model, 'slo', 'slo', 'vLLM service-level objectives: objective, SLI, error budget and burn rates.', rows);
}
