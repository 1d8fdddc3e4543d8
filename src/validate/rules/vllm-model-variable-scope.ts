import { LABEL } from '../../model/conventions.js';
import { parseVariableQuery } from '../grafana-vars.js';
import { hasVllmPrefix, selectorNames } from '../series.js';
import { variableSubject } from '../views.js';
import { viewFinding, type DashboardRule } from './types.js';

const id = 'vllm-model-variable-scope';

/** `label_values(model_name)` lists every `model_name` in Prometheus: node_exporter's disk models and
 *  GPU exporters carry the label too (vllm-project/vllm#6136). The variable lists vLLM's models only
 *  when it reads a vLLM series (or a series recorded from one). */
export const vllmModelVariableScope: DashboardRule = {
  id,
  description: 'A model_name variable reads label_values from a vLLM series, not from every series.',
  scope: 'all',
  target: 'dashboard',
  check(dashboard, queries, ctx) {
    return dashboard.variables.flatMap((variable) => {
      const parsed = variable.query ? parseVariableQuery(variable.query.text) : undefined;
      if (parsed?.fn !== 'label_values' || parsed.label !== LABEL.model) return [];
      const at = (message: string) => [viewFinding(id, dashboard.file, variable.query!.pointer, variableSubject(variable), message)];
      if (!parsed.promql) return at(`label_values(${LABEL.model}) lists ${LABEL.model} of every exporter; read it from a vLLM series, e.g. label_values(<vllm metric>, ${LABEL.model})`);
      const selectors = queries.find((q) => q.variable === variable)?.analysis.selectors ?? [];
      const names = selectors.flatMap((s) => selectorNames(s).names);
      return names.some((n) => hasVllmPrefix(n) || ctx.recorded.has(n)) ? [] : at(`${LABEL.model} is read from ${names.join(', ') || 'a non-vLLM selector'}, not from a vLLM series`);
    });
  },
};
