// Why a series is missing from a vLLM version, in words a dashboard owner can act on.
import { METRICS, routerMetricOf, seriesNames, type Catalog, type MetricStatus } from '../catalog/index.js';
import { didYouMean } from '../config/suggest.js';
import { seriesInfo } from './series.js';

/** `0.12`, or `0.10–0.12` for a range. */
export function versionLabel(catalog: Catalog): string {
  const { versions } = catalog;
  return versions.length === 1 ? versions[0] : `${versions[0]}–${versions[versions.length - 1]}`;
}

/** The sentence for a name whose status at `version` (default: newest covered) is not `exposed`. */
export function describeUnavailable(name: string, catalog: Catalog, version?: string): string {
  const status = catalog.status(name, version);
  const at = version ?? catalog.versions[catalog.versions.length - 1];
  const info = seriesInfo(name, catalog);
  switch (status.kind) {
    case 'removed':
      return `${name} was removed in vLLM ${status.since}${replacementHint(name, status, catalog)}`;
    case 'hidden':
      return info?.def.optIn !== undefined && info.def.hidden === undefined
        ? `${name} is exposed only when vLLM runs with ${info.def.optIn}${replacementHint(name, status, catalog)}`
        : `${name} is hidden since vLLM ${status.since} (shown only with --show-hidden-metrics-for-version=${previousMinor(status.since)})${replacementHint(name, status, catalog)}`;
    case 'not-yet':
      return `${name} does not exist before vLLM ${status.added} (checked against ${at})`;
    case 'feature':
      return `${name} is exposed only when the ${status.feature} feature is on (vllm.features.${status.feature})`;
    case 'multiprocess':
      return `${name} is not written under Prometheus' multiprocess registry (vLLM's V0 engine, or more than one API server)`;
    case 'exposed':
      return `${name} uses another metric prefix than this fleet (${catalog.prefix}); the series is ${catalog.prefix}${info?.def.base ?? ''}${info?.suffix ?? ''}`;
    case 'unknown': {
      const router = routerMetricOf(name);
      if (router) return `${name} is a production-stack router metric (labelled ${router.labels.join(', ')}), not one vLLM exposes; it has data only where the router is scraped`;
      const guess = didYouMean(name, knownSeries(catalog));
      return `${name} is not a metric vLLM exposes${guess ? `; did you mean ${guess}?` : ''}`;
    }
  }
}

/** `; use <replacement>` with the same series suffix (`_bucket`…) when the replacement is the same
 *  kind of metric; a change of kind (gauge → counter) needs a different query, so say so. */
function replacementHint(name: string, status: Extract<MetricStatus, { replacement?: string }>, catalog: Catalog): string {
  if (status.replacement === undefined) return '';
  const from = seriesInfo(name, catalog);
  const to = seriesInfo(status.replacement, catalog);
  if (!from || !to) return `; use ${status.replacement}`;
  if (from.def.type === to.def.type) return `; use ${status.replacement}${from.suffix}`;
  return `; its replacement ${status.replacement} is a ${to.def.type}${to.def.type === 'counter' ? ' (query its rate)' : ''}`;
}

/** vLLM's --show-hidden-metrics-for-version takes the minor before the one that hid the metric. */
function previousMinor(version: string): string {
  const [major, minor] = version.split('.').map(Number);
  return `${major}.${minor - 1}`;
}

function knownSeries(catalog: Catalog): string[] {
  return METRICS.flatMap((def) => seriesNames(def).map((series) => catalog.prefix + series));
}
