import { parseVariableQuery } from '../grafana-vars.js';
import { syntaxFindings } from '../syntax.js';
import { usesPrometheus } from '../queries.js';
import { variableSubject } from '../views.js';
import { viewFinding, type DashboardRule } from './types.js';

const id = 'template-label-promql-rule';

const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

/** dashboard-linter's template-label-promql-rule: a Prometheus query variable calls one of Grafana's
 *  variable functions (label_values, label_names, metrics, query_result) and the PromQL inside parses. */
export const templateLabelPromqlRule: DashboardRule = {
  id,
  description: 'Query variables use label_values(), label_names(), metrics() or query_result() around valid PromQL.',
  scope: 'all',
  target: 'dashboard',
  check(dashboard, queries) {
    return dashboard.variables
      .filter((v) => v.type === 'query' && v.query !== undefined && usesPrometheus(dashboard, v.datasource))
      .flatMap((v) => {
        const parsed = parseVariableQuery(v.query!.text);
        const at = (message: string) => [viewFinding(id, dashboard.file, v.query!.pointer, variableSubject(v), message)];
        if (!parsed) return at(`query ${JSON.stringify(v.query!.text)} is not label_values(), label_names(), metrics() or query_result()`);
        if (parsed.label !== undefined && !LABEL_NAME.test(parsed.label)) return at(`label_values() names the label ${JSON.stringify(parsed.label)}, which is not a label name`);
        const query = queries.find((q) => q.variable === v);
        return query ? syntaxFindings(id, query) : [];
      });
  },
};
