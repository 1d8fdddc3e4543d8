import { catalogFor, NEWEST_VERSION } from '../catalog/index.js';
import type { Catalog } from '../catalog/index.js';
import type { AlertName, Config } from '../config/types.js';
import { runbookSection } from './runbook.js';
import { DASHBOARD, RUNBOOK_DASHBOARD, type DashboardKey } from './conventions.js';

export * from './conventions.js';
export type { Artifact, ArtifactKind } from './artifact.js';

/** What every builder reads: the resolved config plus what follows from it. Not "model": that is
 *  the served LLM (the `model_name` label, the `model` recording level). */
export interface Setup {
  readonly config: Config;
  readonly catalog: Catalog;
  /** The configured version or range, as the user wrote it (newest when unset). */
  readonly version: string;
  readonly clusterLabel: string;
  uid(dashboard: DashboardKey): string;
  readonly runbookUid: string;
  /** grafana.url without a trailing slash: every generated link starts with it. */
  readonly grafanaUrl: string;
  dashboardUrl(dashboard: DashboardKey): string;
  runbookUrl(alert: AlertName | string): string;
}

export function buildSetup(config: Config): Setup {
  const version = config.vllm.version ?? NEWEST_VERSION;
  const catalog = catalogFor(version, {
    prefix: config.vllm.metricPrefix,
    features: config.vllm.features,
  });
  const uidOf = (slug: string) => [config.grafana.uidPrefix, slug].filter(Boolean).join('-');
  const uid = (dashboard: DashboardKey) => uidOf(DASHBOARD[dashboard].slug);
  const grafanaUrl = config.grafana.url.replace(/\/+$/, '');
  const runbookUid = uidOf(RUNBOOK_DASHBOARD.slug);
  const { dashboardUrlPattern, runbookUrlPattern } = config.rules;
  return {
    config,
    catalog,
    version,
    clusterLabel: config.cluster.label,
    uid,
    runbookUid,
    grafanaUrl,
    dashboardUrl: (dashboard) => (dashboardUrlPattern ?? `${grafanaUrl}/d/%s`).replace('%s', uid(dashboard)),
    runbookUrl: (alert) =>
      runbookUrlPattern === undefined ? runbookPanelUrl(grafanaUrl, runbookUid, alert) : runbookUrlPattern.replace('%s', alert.toLowerCase()),
  };
}

/** The alert's panel of the runbook dashboard, viewed alone (Grafana's viewPanel takes the panel id). */
function runbookPanelUrl(grafanaUrl: string, runbookUid: string, alert: string): string {
  const section = runbookSection(alert);
  if (section === undefined) throw new Error(`docs/runbook.md has no section for ${alert}`);
  return `${grafanaUrl}/d/${runbookUid}?viewPanel=${section.panelId}`;
}
