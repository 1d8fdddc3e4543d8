// Shared by the rules that report PromQL syntax errors: one finding per expression, at the first error.
import type { Finding } from './finding.js';
import type { Query } from './queries.js';
import { queryFinding } from './rules/types.js';

export function syntaxFindings(rule: string, query: Query): Finding[] {
  if (query.promql.trim() === '') return [queryFinding(rule, query, 'empty PromQL expression')];
  const first = query.analysis.errors[0];
  if (!first) return [];
  const column = query.toSource(first.from) + 1;
  const why = first.message ? ` (${first.message})` : '';
  return [queryFinding(rule, query, `invalid PromQL at column ${column}${why}: ${excerpt(query.promql, first.from)}`, first.from)];
}

/** A few characters either side of the error, enough to find it in a long expression. */
function excerpt(promql: string, at: number): string {
  const start = Math.max(0, at - 24);
  const end = Math.min(promql.length, at + 16);
  const before = `${start > 0 ? '…' : ''}${promql.slice(start, at)}`;
  const after = `${promql.slice(at, end)}${end < promql.length ? '…' : ''}`;
  return [before, '⟨here⟩', after].filter(Boolean).join(' ');
}
