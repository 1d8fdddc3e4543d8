// Which alert watches a panel: the panel links to its runbook section and draws its level, the same
// threshold the rule compares against (config overrides included).
import type { AlertName } from '../config/types.js';
import type { Model } from '../model/index.js';
import { alertThreshold } from '../rules/alerts.js';
import type { Watch } from './common.js';

/** The alert watching a signal, or undefined when the config switched it off (nothing watches it).
 *  `level: false` for panels whose unit is not what the alert compares (it then only links). */
export function watch(model: Model, alert: AlertName, options: { level?: boolean } = {}): Watch | undefined {
  if (model.config.rules.alerts[alert]?.enabled === false) return undefined;
  const threshold = options.level === false ? undefined : alertThreshold(model, alert);
  return { alert, runbookUrl: model.runbookUrl(alert), threshold };
}
