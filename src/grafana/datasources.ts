// The Prometheus datasource, provisioned with the uid every dashboard is built against. Grafana expands
// $VAR and ${VAR} in provisioning files, so display text is written with `$` doubled; the URL is left
// as written so a user can point it at ${PROMETHEUS_URL}.
import type { Setup } from '../model/index.js';

const PROVISIONING_API_VERSION = 1;
const DEFAULT_ORG = 1;

/** datasources/vllm-obs.yaml for a Grafana that reaches Prometheus at `url`. */
export function datasourceProvisioning(setup: Setup, url: string): Record<string, unknown> {
  const { grafana, scrape } = setup.config;
  return {
    apiVersion: PROVISIONING_API_VERSION,
    datasources: [
      {
        name: literal(grafana.datasourceName),
        type: 'prometheus',
        uid: grafana.datasourceUid,
        access: 'proxy',
        orgId: DEFAULT_ORG,
        url,
        // The dashboards' datasource variable starts on the default Prometheus datasource.
        isDefault: true,
        editable: false,
        jsonData: {
          httpMethod: 'POST',
          // $__rate_interval is at least four of these; it must be the real scrape interval.
          timeInterval: scrape.interval,
          prometheusType: grafana.prometheusType,
        },
      },
    ],
  };
}

/** `text` as Grafana's provisioning reader will read it back, with no environment expansion. */
export function literal(text: string): string {
  return text.replaceAll('$', '$$$$');
}

/**
 * Datasource references in a dashboard that would not resolve to the provisioned datasource: a
 * fixed uid other than ours, or a datasource variable pinned to something else. `${var}` references
 * to a datasource variable are what the dashboards should use and always pass.
 */
export function datasourceProblems(dashboard: unknown, file: string, setup: Setup): string[] {
  const { datasourceUid, datasourceName } = setup.config.grafana;
  const variables = datasourceVariables(dashboard);
  const problems: string[] = [];
  for (const variable of variables) {
    if (variable.query !== 'prometheus') problems.push(`${file}: datasource variable "${variable.name}" lists ${JSON.stringify(variable.query)} datasources, not prometheus`);
    const current = variable.current?.value;
    if (current !== undefined && current !== '' && current !== datasourceUid && current !== datasourceName && current !== 'default') {
      problems.push(`${file}: datasource variable "${variable.name}" starts on ${JSON.stringify(current)}, not the provisioned uid "${datasourceUid}"`);
    }
  }
  const variableRefs = new Set(variables.flatMap((v) => [`$${v.name}`, `\${${v.name}}`]));
  walk(dashboard, (key, value) => {
    if (key !== 'datasource' || value === null || typeof value !== 'object') return;
    const { uid, type } = value as { uid?: unknown; type?: unknown };
    // Grafana's built-in sources (annotations, -- Mixed --, -- Dashboard --) are not ours to check.
    if (type !== undefined && type !== 'prometheus') return;
    if (typeof uid !== 'string' || uid === datasourceUid || variableRefs.has(uid)) return;
    problems.push(`${file}: references datasource uid "${uid}", but the provisioned datasource has uid "${datasourceUid}"`);
  });
  return problems;
}

interface DatasourceVariable {
  name: string;
  query?: unknown;
  current?: { value?: unknown };
}

function datasourceVariables(dashboard: unknown): DatasourceVariable[] {
  const list = (dashboard as { templating?: { list?: unknown[] } })?.templating?.list ?? [];
  return list.filter((v): v is DatasourceVariable => (v as { type?: unknown })?.type === 'datasource');
}

function walk(value: unknown, visit: (key: string, value: unknown) => void): void {
  if (Array.isArray(value)) value.forEach((item) => walk(item, visit));
  else if (value !== null && typeof value === 'object') {
    for (const [key, child] of Object.entries(value)) {
      visit(key, child);
      walk(child, visit);
    }
  }
}
