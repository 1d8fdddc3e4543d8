// The runbook dashboard: docs/runbook.md as text panels, one per alert, so every runbook_url opens
// inside the user's own Grafana (`/d/<uid>?viewPanel=<id>`) and the text cannot drift from the file.
import * as dashboard from '@grafana/grafana-foundation-sdk/dashboard';
import * as text from '@grafana/grafana-foundation-sdk/text';
import { GENERATED_HEADER } from '../emit/serialize.js';
import { RUNBOOK_DASHBOARD, type Setup } from '../model/index.js';
import { DASHBOARD_TAG } from './dashboard.js';
import { runbook, type RunbookSection } from '../model/runbook.js';

const GRID_WIDTH = 24;
/** Grafana's grid row is 30 px; rendered markdown lines are about 22 px, some 160 characters wide. */
const ROW_PX = 30;
const LINE_PX = 22;
const CHARS_PER_LINE = 160;
const PANEL_CHROME_PX = 60;

/** Enough grid rows to show the section without scrolling on a full-width panel. */
export function panelHeight(markdown: string): number {
  const lines = markdown.split('\n').reduce((n, line) => n + Math.max(1, Math.ceil(line.length / CHARS_PER_LINE)), 0);
  return Math.ceil((lines * LINE_PX + PANEL_CHROME_PX) / ROW_PX);
}

function sectionPanel(section: RunbookSection, y: number): { panel: text.PanelBuilder; height: number } {
  const height = panelHeight(section.body);
  const panel = new text.PanelBuilder()
    .id(section.panelId)
    .title(section.title)
    .mode(text.TextMode.Markdown)
    .content(section.body)
    .gridPos({ x: 0, y, w: GRID_WIDTH, h: height });
  return { panel, height };
}

export function runbookDashboard(setup: Setup): dashboard.Dashboard {
  const book = runbook();
  const builder = new dashboard.DashboardBuilder(RUNBOOK_DASHBOARD.title)
    .uid(setup.runbookUid)
    .description(`What each vLLM alert means and what to do, one panel per alert. ${GENERATED_HEADER}`)
    .tags(['vllm', DASHBOARD_TAG])
    .readonly()
    .timezone('browser')
    .link(
      new dashboard.DashboardLinkBuilder('vLLM dashboards')
        .type(dashboard.DashboardLinkType.Dashboards)
        .tags([DASHBOARD_TAG])
        .asDropdown(true),
    );
  let y = 0;
  for (const section of [book.intro, ...book.sections]) {
    const { panel, height } = sectionPanel(section, y);
    builder.withPanel(panel);
    y += height;
  }
  return builder.build();
}
