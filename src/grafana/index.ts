import { yamlArtifact } from '../emit/artifacts.js';
import { ValidationError } from '../errors.js';
import { OUT, type Setup } from '../model/index.js';
import type { Artifact } from '../model/artifact.js';
import { dashboardProvider } from './dashboards.js';
import { datasourceProblems, datasourceProvisioning } from './datasources.js';

export { datasourceProblems, datasourceProvisioning } from './datasources.js';

/** Grafana file-provisioning YAML for the datasource and the dashboards. */
export function buildProvisioning(setup: Setup, dashboards: readonly Artifact[]): Artifact[] {
  const problems = dashboards
    .filter((artifact) => artifact.kind === 'dashboard')
    .flatMap((dashboard) => datasourceProblems(dashboard.data, dashboard.path, setup));
  if (problems.length > 0) throw new ValidationError(problems);
  return [
    yamlArtifact(`${OUT.provisioningDatasources}/${OUT.provisioningFile}`, 'grafana-datasources', datasourceProvisioning(setup, setup.config.grafana.datasourceUrl)),
    yamlArtifact(`${OUT.provisioningDashboards}/${OUT.provisioningFile}`, 'grafana-dashboard-provider', dashboardProvider(setup)),
  ];
}
