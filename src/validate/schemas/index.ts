// Which schema checks which artifact kind. Every kind is listed, so a new kind cannot skip validation.
import type { Artifact, ArtifactKind } from '../../model/artifact.js';
import type { Setup } from '../../model/index.js';
import type { Finding } from '../finding.js';
import { schemaFindings } from './ajv.js';
import { alertmanagerConfigSchema, alertmanagerRouteSchema, alertmanagerTestsSchema } from './alertmanager.js';
import { blackboxSchema } from './blackbox.js';
import { composeSchema } from './compose.js';
import { dashboardSchema } from './dashboard.js';
import { fileSdSchema } from './file-sd.js';
import { dashboardProvidersSchema, datasourcesSchema } from './grafana-provisioning.js';
import { kubernetesFindings } from './kubernetes.js';
import { prometheusConfigSchema } from './prometheus-config.js';
import { RULE_FILE_SCHEMAS } from './rule-file.js';
import { ruleTestsSchema } from './rule-tests.js';

type Check = (artifact: Artifact, data: unknown, setup: Setup) => Finding[];

const against = (schema: object, what: string): Check => (artifact, data) => schemaFindings(artifact.path, '', data, schema, what);

const CHECKS: Record<ArtifactKind, Check> = {
  dashboard: against(dashboardSchema, 'Grafana dashboard'),
  'prometheus-config': against(prometheusConfigSchema, 'prometheus.yml'),
  rules: (artifact, data, setup) => schemaFindings(artifact.path, '', data, RULE_FILE_SCHEMAS[setup.config.rules.flavour], 'rule file'),
  'rule-tests': against(ruleTestsSchema, 'promtool test file'),
  'blackbox-config': against(blackboxSchema, 'blackbox.yml'),
  'file-sd-targets': against(fileSdSchema, 'file_sd targets'),
  'grafana-datasources': against(datasourcesSchema, 'Grafana data source provisioning'),
  'grafana-dashboard-provider': against(dashboardProvidersSchema, 'Grafana dashboard provisioning'),
  kubernetes: (artifact, data) => kubernetesFindings(artifact.path, data),
  compose: against(composeSchema, 'Compose file'),
  'alertmanager-config': against(alertmanagerConfigSchema, 'alertmanager.yml'),
  'alertmanager-route': against(alertmanagerRouteSchema, 'Alertmanager merge file'),
  'alertmanager-tests': against(alertmanagerTestsSchema, 'Alertmanager routing tests'),
  text: () => [],
};

export function artifactSchemaFindings(artifact: Artifact, setup: Setup): Finding[] {
  if (artifact.kind !== 'text' && artifact.data === undefined) {
    return [{ rule: 'schema', file: artifact.path, pointer: '', message: `a ${artifact.kind} artifact carries no data to validate` }];
  }
  return CHECKS[artifact.kind](artifact, artifact.data, setup);
}
