import { LABEL } from '../../model/conventions.js';
import { requiredMatcherFindings } from '../required-matcher.js';
import type { QueryRule } from './types.js';

const id = 'target-instance-rule';

export const targetInstanceRule: QueryRule = {
  id,
  description: 'Every selector of a dashboard target has instance=~"$instance".',
  scope: 'generated',
  target: 'query',
  check: (query) => requiredMatcherFindings(id, LABEL.instance, query),
};
