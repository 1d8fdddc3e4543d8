import { LABEL } from '../../model/conventions.js';
import { requiredMatcherFindings } from '../required-matcher.js';
import type { QueryRule } from './types.js';

const id = 'target-job-rule';

export const targetJobRule: QueryRule = {
  id,
  description: 'Every selector of a dashboard target has job=~"$job".',
  scope: 'generated',
  target: 'query',
  check: (query) => requiredMatcherFindings(id, LABEL.job, query),
};
