import { queryFinding, type QueryRule } from './types.js';
import { hasPrometheusVariable } from '../views.js';

const id = 'target-rate-interval-rule';

const RATE_INTERVAL = /^\$(__rate_interval|\{__rate_interval\})/;

/** dashboard-linter's target-rate-interval-rule: rate() and irate() windows are $__rate_interval, which
 *  follows the scrape interval and the zoom; a fixed [5m] is too short for slow scrapes and hides
 *  detail when zoomed in. */
export const targetRateIntervalRule: QueryRule = {
  id,
  description: 'rate() and irate() in dashboard targets use [$__rate_interval].',
  scope: 'generated',
  target: 'query',
  check(query) {
    if (query.origin !== 'target' || !query.dashboard || !hasPrometheusVariable(query.dashboard)) return [];
    return query.analysis.selectors.flatMap((selector) => {
      const parent = selector.context[0];
      if (selector.rangeFrom === undefined || parent?.kind !== 'call' || (parent.name !== 'rate' && parent.name !== 'irate')) return [];
      const written = query.source.slice(query.toSource(selector.rangeFrom));
      return RATE_INTERVAL.test(written) ? [] : [queryFinding(id, query, `${parent.name}() over [${selector.range}] should use [$__rate_interval]`, selector.rangeFrom)];
    });
  },
};
