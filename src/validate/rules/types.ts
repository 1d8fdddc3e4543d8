// The shape of a lint rule. Each rule lives in its own file named after its id and looks at one kind
// of thing: a whole dashboard, a whole rule file, or one PromQL expression wherever it appears.
import type { Catalog } from '../../catalog/index.js';
import type { Finding } from '../finding.js';
import type { Query } from '../queries.js';
import type { DashboardView, RuleFileView } from '../views.js';

export interface RuleContext {
  readonly catalog: Catalog;
  /** `generated`: vllm-obs's own output, held to every rule. `foreign`: files `vllm-obs lint` reads,
   *  held only to the rules that make sense for any vLLM dashboard or rule file. */
  readonly mode: 'generated' | 'foreign';
  /** Series the rule files being checked record; dashboards and alerts may read them. */
  readonly recorded: ReadonlySet<string>;
  /** DCGM exporter metrics are expected (extraJobs.dcgm). */
  readonly dcgm: boolean;
}

interface RuleBase {
  readonly id: string;
  readonly description: string;
  /** `generated`: vllm-obs's own style guide; `foreign`: only for `vllm-obs lint` (the generated
   *  output has a stricter equivalent); `all`: both. */
  readonly scope: 'generated' | 'foreign' | 'all';
  /** `warning`: reported, but the file passes (lint exits 0 when only warnings remain). */
  readonly severity?: 'warning';
}

export interface DashboardRule extends RuleBase {
  readonly target: 'dashboard';
  check(dashboard: DashboardView, queries: readonly Query[], ctx: RuleContext): Finding[];
}

export interface RuleFileRule extends RuleBase {
  readonly target: 'rule-file';
  check(file: RuleFileView, queries: readonly Query[], ctx: RuleContext): Finding[];
}

export interface QueryRule extends RuleBase {
  readonly target: 'query';
  /** True for the rules that report syntax errors; the others only see expressions that parse. */
  readonly syntax?: boolean;
  check(query: Query, ctx: RuleContext): Finding[];
}

export type Rule = DashboardRule | RuleFileRule | QueryRule;

/** A finding on a query, at `offset` of the parsed PromQL when the problem has a column. */
export function queryFinding(rule: string, query: Query, message: string, offset?: number): Finding {
  return {
    rule,
    file: query.file,
    pointer: query.pointer,
    subject: query.subject,
    message,
    offset: offset === undefined ? undefined : query.toSource(offset),
  };
}

/** A finding at a pointer of a dashboard or rule file. */
export function viewFinding(rule: string, file: string, pointer: string, subject: string | undefined, message: string): Finding {
  return { rule, file, pointer, subject, message };
}
