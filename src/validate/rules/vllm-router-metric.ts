import { routerMetricOf } from '../../catalog/index.js';
import { selectorNames } from '../series.js';
import { queryFinding, type QueryRule } from './types.js';

const id = 'vllm-router-metric';

/**
 * production-stack's router writes its own metrics under `vllm:` (current_qps, healthy_pods_total,
 * request_latency_seconds …). They are not wrong, but they are not vLLM's: the panel has data only
 * where the router is scraped, and its labels are `server`/`model`, not `model_name`. A warning that
 * names the source, where calling them "not a metric vLLM exposes" would send people hunting.
 */
export const vllmRouterMetric: QueryRule = {
  id,
  description: 'Notes series that production-stack\'s router exposes (not vLLM\'s engine): data only where the router is scraped, labelled server/model.',
  scope: 'foreign',
  target: 'query',
  severity: 'warning',
  check(query) {
    return query.analysis.selectors.flatMap((selector) =>
      selectorNames(selector).names.flatMap((name) => {
        const metric = routerMetricOf(name);
        if (metric === undefined) return [];
        return [
          queryFinding(
            id,
            query,
            `${name} is a production-stack router metric (a ${metric.type} labelled ${metric.labels.join(', ')}), not one vLLM's engine exposes; it has data only where the router is scraped`,
            selector.from,
          ),
        ];
      }),
    );
  },
};
