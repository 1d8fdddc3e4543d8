// Defaults that depend on other keys, filled in before the schema fills the fixed ones. JSON Schema
// defaults are constants, so a key whose sensible default follows from another key is set here, on
// the raw input, only when the user left it out.
import { durationSeconds, isDuration } from './duration.js';

/** Prometheus' own rule: an unset scrape timeout is 10s, capped at the scrape interval. */
export const DEFAULT_SCRAPE_TIMEOUT = '10s';

export function fillDerivedDefaults(raw: Record<string, unknown>): void {
  defaultScrapeTimeout(raw);
  defaultKubernetesEnabled(raw);
}

function defaultScrapeTimeout(raw: Record<string, unknown>): void {
  const scrape = raw.scrape;
  if (!isMapping(scrape) || scrape.timeout !== undefined) return;
  const interval = scrape.interval;
  if (typeof interval !== 'string' || !isDuration(interval)) return;
  const seconds = durationSeconds(interval);
  // A zero interval is the user's error to hear about once, on the interval, not twice.
  if (seconds > 0 && seconds < durationSeconds(DEFAULT_SCRAPE_TIMEOUT)) scrape.timeout = interval;
}

/** Operator objects only for fleets found through Kubernetes, unless asked for: a single-host user
 *  has no use for PodMonitors and ConfigMaps. */
function defaultKubernetesEnabled(raw: Record<string, unknown>): void {
  const scrape = raw.scrape;
  const discovery = isMapping(scrape) ? scrape.discovery : undefined;
  if (discovery !== 'kubernetes') return;
  const kubernetes = raw.kubernetes ?? {};
  if (!isMapping(kubernetes) || kubernetes.enabled !== undefined) return;
  raw.kubernetes = { ...kubernetes, enabled: true };
}

function isMapping(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
