// The vLLM metric catalog: the one module that knows vLLM metric names.
export type * from './types.js';
export { CatalogError } from './errors.js';
export {
  KNOWN_VERSIONS,
  NEWEST_VERSION,
  OLDEST_VERSION,
  V1_SINCE,
  catalogVersionOf,
  isNewerThanCatalog,
  compareVersions,
  engineOf,
  parseVersionSpec,
  releasesOf,
  type VersionSpec,
} from './versions.js';
export {
  deadEngineHealth,
  defaultApiServers,
  HEALTH_503_SINCE,
  MULTI_API_SERVER_DEFAULT_SINCE,
  usesMultiprocessRegistry,
  type DeadEngineHealth,
} from './behaviour.js';
export { METRICS } from './metrics.js';
export { EXTERNAL_METRICS, isAllowedExternal } from './externals.js';
export { ROUTER_METRICS, ROUTER_PREFIX, routerMetricOf, type RouterMetric } from './router.js';
export { ERROR_REASON, ERROR_REASON_SINCE, finishedReasons } from './labels.js';
export { CONCEPTS } from './concepts.js';
export { DEFAULT_PREFIX, PREFIX_ORIGINS, PREFIXES as METRIC_PREFIXES, seriesNames } from './lookup.js';
export { catalogFor, type Catalog, type Deprecation } from './catalog.js';
export { formatCatalog } from './format.js';
export { ALL_FEATURES, FEATURE_NAMES, FEATURE_SWITCHES } from './features.js';
