import { jsonArtifact } from '../emit/artifacts.js';
import type { Artifact } from '../model/artifact.js';
import { DASHBOARD, OUT, RUNBOOK_DASHBOARD, type DashboardKey, type Setup } from '../model/index.js';
import type { AlertThresholds } from './alerts.js';
import { instanceDashboard } from './instance.js';
import { overviewDashboard } from './overview.js';
import { runbookDashboard } from './runbook.js';
import { sloDashboard } from './slo.js';

const BUILDERS: Record<DashboardKey, (setup: Setup, thresholds: AlertThresholds) => object> = {
  overview: overviewDashboard,
  instance: instanceDashboard,
  slo: sloDashboard,
};

/** The SDK marks query objects with a function property; artifacts hold exactly the JSON written. */
function plainJson(value: object): unknown {
  return JSON.parse(JSON.stringify(value));
}

/** The Grafana dashboards (overview, instance, SLO, and the alert runbook) as classic dashboard JSON;
 *  panels draw the thresholds of the alerts that watch them. */
export function buildDashboards(setup: Setup, thresholds: AlertThresholds): Artifact[] {
  return [
    ...(Object.keys(BUILDERS) as DashboardKey[]).map((key) =>
      jsonArtifact(`${OUT.dashboards}/${DASHBOARD[key].file}`, 'dashboard', plainJson(BUILDERS[key](setup, thresholds))),
    ),
    jsonArtifact(`${OUT.dashboards}/${RUNBOOK_DASHBOARD.file}`, 'dashboard', plainJson(runbookDashboard(setup))),
  ];
}
