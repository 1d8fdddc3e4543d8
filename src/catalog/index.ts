// The vLLM metric catalog: the one module that knows vLLM metric names.
export type * from './types.js';
export { CatalogError } from './errors.js';
export {
  KNOWN_VERSIONS,
  NEWEST_VERSION,
  OLDEST_VERSION,
  V1_SINCE,
  catalogVersionOf,
  compareVersions,
  engineOf,
  parseVersionSpec,
  type VersionSpec,
} from './versions.js';
export { METRICS } from './metrics.js';
export { EXTERNAL_METRICS, isAllowedExternal } from './externals.js';
export { finishedReasons } from './labels.js';
export { CONCEPTS } from './concepts.js';
export { DEFAULT_PREFIX, PREFIXES as METRIC_PREFIXES, seriesNames } from './lookup.js';
export { catalogFor, type Catalog } from './catalog.js';
export { formatCatalog } from './format.js';
export { ALL_FEATURES, FEATURE_NAMES } from './features.js';
