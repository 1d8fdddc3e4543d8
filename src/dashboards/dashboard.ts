// The frame every vLLM dashboard shares: identity, time settings, variables and the links between them.
import * as dashboard from '@grafana/grafana-foundation-sdk/dashboard';
import { GENERATED_HEADER } from '../emit/serialize.js';
import { DASHBOARD, type DashboardKey, type Setup } from '../model/index.js';
import { placeRows, type Row } from './common.js';
import { variables, type VariableSet } from './variables.js';

/** Tag shared by the generated dashboards; the link menu lists every dashboard carrying it. */
export const DASHBOARD_TAG = 'vllm-obs';

export function vllmDashboard(setup: Setup, key: DashboardKey, set: VariableSet, about: string, rows: readonly Row[]): dashboard.Dashboard {
  const { grafana } = setup.config;
  const builder = new dashboard.DashboardBuilder(DASHBOARD[key].title)
    .uid(setup.uid(key))
    .description(`${about} ${GENERATED_HEADER}`)
    .tags(['vllm', DASHBOARD_TAG])
    // provisioned from generated files: edits in the UI would be lost on the next generate
    .readonly()
    .timezone('browser')
    .tooltip(dashboard.DashboardCursorSync.Crosshair)
    .refresh(grafana.refresh)
    .time({ from: grafana.timeFrom, to: 'now' })
    .variables(variables(setup, set))
    .link(
      new dashboard.DashboardLinkBuilder('vLLM dashboards')
        .type(dashboard.DashboardLinkType.Dashboards)
        .tags([DASHBOARD_TAG])
        .asDropdown(true)
        .includeVars(true)
        .keepTime(true),
    );
  return placeRows(builder, rows).build();
}

/** Data-link URL opening the instance dashboard on the series' instance, keeping source and time. */
export function instanceDrilldownUrl(setup: Setup): string {
  const keep = ['datasource', 'cluster', 'job'].map((v) => `\${${v}:queryparam}`).join('&');
  return `/d/${setup.uid('instance')}?var-instance=\${__field.labels.instance}&${keep}&\${__url_time_range}`;
}
