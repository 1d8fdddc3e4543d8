// Which alert watches a panel: the panel links to its runbook section and draws the threshold the
// rule compares against (config overrides included).
import type { AlertName } from '../config/types.js';
import type { Setup } from '../model/index.js';
import type { Watch } from './common.js';

/** The threshold each alert compares against, config overrides applied. The rules own the alerts;
 *  whoever builds the dashboards passes this in, so dashboards/ never reads rules/. */
export type AlertThresholds = (alert: AlertName) => number | undefined;

/** The alert watching a signal, or undefined when the config switched it off (nothing watches it).
 *  `threshold: false` for panels whose unit is not what the alert compares (it then only links). */
export function watch(
  ctx: { readonly setup: Setup; readonly thresholds: AlertThresholds },
  alert: AlertName,
  options: { threshold?: boolean } = {},
): Watch | undefined {
  if (ctx.setup.config.rules.alerts[alert]?.enabled === false) return undefined;
  const threshold = options.threshold === false ? undefined : ctx.thresholds(alert);
  return { alert, runbookUrl: ctx.setup.runbookUrl(alert), threshold };
}
