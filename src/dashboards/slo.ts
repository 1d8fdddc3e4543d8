// One repeated row for every SLO: the objective, the SLI now, the error budget left over the period
// and the burn rate per window, all read from the SLO recording rules. The row repeats over the `slo`
// variable (listed from the recordings), so the dashboard stays the same size for 2 or 200 SLOs.
import * as dashboard from '@grafana/grafana-foundation-sdk/dashboard';
import type { Setup } from '../model/index.js';
import { LABEL } from '../model/index.js';
import { re } from '../promql/index.js';
import { lines, statPanel, timeseriesPanel, type PanelSpec, type Row, type Steps } from './common.js';
import { vllmDashboard } from './dashboard.js';
import { sliEvents, type SliEvents } from '../signals/index.js';
import { SloQueries } from './queries.js';
import { SLO_VARIABLE, sloVariable } from './variables.js';

/** The short window of the fastest-burning page (14.4x over 1h): "now" for an SLI. */
const NOW_WINDOW = '1h';

/** Grafana variable the SLO row repeats over; named as the label it lists. */

/** A burn rate of 1 spends exactly the budget over the period, i.e. the SLI is below the objective. */
const BURN_STEPS: Steps = [
  { value: null, color: 'green' },
  { value: 1, color: 'orange' },
];

const BUDGET_STEPS: Steps = [
  { value: null, color: 'red' },
  { value: 0, color: 'orange' },
  { value: 0.25, color: 'green' },
];

/** Objectives differ per SLO and a repeated panel has one set of thresholds, so the SLI stays neutral;
 *  the burn-rate stat next to it turns orange exactly when the SLI is below its objective. */
const NEUTRAL_STEPS: Steps = [{ value: null, color: 'text' }];

/** The metric families behind the SLOs the rules measure, in config order, once each. */
function sourceMetrics(events: readonly SliEvents[]): string[] {
  return [...new Set(events.flatMap((e) => e.names))];
}

function sloRow(q: SloQueries): Row {
  const stats: [PanelSpec, Steps][] = [
    [
      {
        title: 'Objective',
        description: 'The target share of good events over the SLO period (the SLO recordings carry its definition: kind, threshold, period).',
        unit: 'percentunit',
        targets: [{ query: q.objective(), legend: 'objective' }],
      },
      NEUTRAL_STEPS,
    ],
    [
      {
        title: `SLI (${NOW_WINDOW})`,
        description: `Share of good events over the last ${NOW_WINDOW}. Good: at or above the objective (the burn rate then stays below 1).`,
        unit: 'percentunit',
        targets: [{ query: q.sli(NOW_WINDOW), legend: 'SLI' }],
      },
      NEUTRAL_STEPS,
    ],
    [
      {
        title: 'Error budget remaining',
        description: 'Share of the error budget of the SLO period still unspent. Below 0 the SLO is broken for the period; freeze risky changes well before.',
        unit: 'percentunit',
        targets: [{ query: q.budgetRemaining(), legend: 'remaining' }],
      },
      BUDGET_STEPS,
    ],
    [
      {
        title: `Burn rate (${NOW_WINDOW})`,
        description: `How fast the budget burns over the last ${NOW_WINDOW}: 1 spends it exactly over the period (the SLI is then at the objective), 14.4 spends 2% of a 30-day budget in an hour.`,
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
      description: 'Unspent share of the error budget of the SLO period over time.',
      unit: 'percentunit',
      targets: [{ query: q.budgetRemaining(), legend: 'remaining' }],
    },
  ];
  return {
    title: `SLO \${${SLO_VARIABLE}:text}`,
    lines: [
      ...lines(stats.map(([spec, steps]) => statPanel(spec, { steps, noValue: 'no data yet' })), 4, 4),
      ...lines(graphs.map((spec) => timeseriesPanel(spec)), 3, 8),
    ],
  };
}

/** The shared frame lays out plain rows; the SLO row (the first panel) repeats per selected SLO. */
function repeatedOverSlos(setup: Setup, built: dashboard.Dashboard): dashboard.Dashboard {
  const [row, ...panels] = built.panels ?? [];
  if (row === undefined) return built;
  return {
    ...built,
    panels: [{ ...row, repeat: SLO_VARIABLE } as dashboard.RowPanel, ...panels],
    templating: { list: [...(built.templating?.list ?? []), sloVariable(setup)] },
  };
}

/** A row only when the rules can measure some SLO on this vLLM version (e.g. availability needs HTTP
 *  metrics or finished_reason="error"), so no row waits for series that never come. */
export function sloDashboard(setup: Setup): dashboard.Dashboard {
  const measured = setup.config.slos.map((slo) => sliEvents(setup, slo)).filter((e): e is SliEvents => e !== undefined);
  const rows = measured.length === 0 ? [] : [sloRow(new SloQueries(setup, re(LABEL.sloName, `$${SLO_VARIABLE}`), sourceMetrics(measured)))];
  const about = 'vLLM service-level objectives: objective, SLI, error budget and burn rates, one row per SLO.';
  return repeatedOverSlos(setup, vllmDashboard(setup, 'slo', 'slo', about, rows));
}
