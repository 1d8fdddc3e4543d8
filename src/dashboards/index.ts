import { jsonArtifact } from '../emit/artifacts.js';
import type { Artifact } from '../model/artifact.js';
import { DASHBOARD, OUT, RUNBOOK_DASHBOARD, type DashboardKey, type Model } from '../model/index.js';
import { instanceDashboard } from './instance.js';
import { overviewDashboard } from './overview.js';
import { runbookDashboard } from './runbook.js';
import { sloDashboard } from './slo.js';

const BUILDERS: Record<DashboardKey, (model: Model) => object> = {
  overview: overviewDashboard,
  instance: instanceDashboard,
  slo: sloDashboard,
};

/** The SDK marks query objects with a function property; artifacts hold exactly the JSON written. */
function plainJson(value: object): unknown {
  return JSON.parse(JSON.stringify(value));
}

/** The Grafana dashboards (overview, instance, SLO, and the alert runbook) as classic dashboard JSON. */
export function buildDashboards(model: Model): Artifact[] {
  return [
    ...(Object.keys(BUILDERS) as DashboardKey[]).map((key) =>
      jsonArtifact(`${OUT.dashboards}/${DASHBOARD[key].file}`, 'dashboard', plainJson(BUILDERS[key](model))),
    ),
    jsonArtifact(`${OUT.dashboards}/${RUNBOOK_DASHBOARD.file}`, 'dashboard', plainJson(runbookDashboard(model))),
  ];
}
