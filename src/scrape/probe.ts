// Probing vLLM /health through the blackbox exporter, shared by prometheus.yml's probe job and the
// Prometheus Operator objects: the same target rewrite, path and timeout on both paths.
import { durationSeconds } from '../config/duration.js';
import type { Config } from '../config/types.js';
import { LABEL } from '../model/index.js';
import type { Relabel } from './relabel.js';

/** The exporter's probe endpoint. */
export const PROBE_PATH = '/probe';

/**
 * Turns a vLLM target into a probe of its /health: the exporter is asked for
 * `<scheme>://<host:port><path>`, and `instance` keeps the vLLM host:port, so probe_success joins
 * with the vLLM job's series on `instance`.
 */
export function probeRelabelings(config: Config, exporter: string): Relabel[] {
  return [
    { sourceLabels: ['__address__'], targetLabel: '__param_target', replacement: `${config.scrape.scheme}://$1${literalReplacement(config.health.path)}` },
    { sourceLabels: ['__address__'], targetLabel: LABEL.instance },
    { targetLabel: '__address__', replacement: exporter },
  ];
}

/** A probe may not outlast its interval, nor take longer than a scrape may. */
export function probeTimeout(config: Config): string {
  const { timeout } = config.scrape;
  const { interval } = config.health;
  return durationSeconds(timeout) <= durationSeconds(interval) ? timeout : interval;
}

/** A replacement that yields `text` literally (`$` would start a group reference). */
function literalReplacement(text: string): string {
  return text.replaceAll('$', '$$$$');
}
