import { catalogFor, NEWEST_VERSION } from '../catalog/index.js';
import type { Catalog } from '../catalog/index.js';
import type { AlertName, Config } from '../config/types.js';
import { DASHBOARD, type DashboardKey } from './conventions.js';

export * from './conventions.js';
export type { Artifact, ArtifactKind } from './artifact.js';

/** What every builder reads: the resolved config plus what follows from it. */
export interface Model {
  readonly config: Config;
  readonly catalog: Catalog;
  /** The configured version or range, as the user wrote it (newest when unset). */
  readonly version: string;
  readonly clusterLabel: string;
  uid(dashboard: DashboardKey): string;
  dashboardUrl(dashboard: DashboardKey): string;
  runbookUrl(alert: AlertName | string): string;
}

export function buildModel(config: Config): Model {
  const version = config.vllm.version ?? NEWEST_VERSION;
  const catalog = catalogFor(version, {
    prefix: config.vllm.metricPrefix,
    features: config.vllm.features,
  });
  const uid = (dashboard: DashboardKey) => [config.grafana.uidPrefix, DASHBOARD[dashboard].slug].filter(Boolean).join('-');
  return {
    config,
    catalog,
    version,
    clusterLabel: config.cluster.label,
    uid,
    dashboardUrl: (dashboard) => config.rules.dashboardUrlPattern.replace('%s', uid(dashboard)),
    runbookUrl: (alert) => config.rules.runbookUrlPattern.replace('%s', alert.toLowerCase()),
  };
}
