import type { Feature } from './types.js';

/** Every optional subsystem switched on: the widest metric set a version can expose. */
export const ALL_FEATURES: Readonly<Record<Feature, boolean>> = {
  speculativeDecoding: true,
  lora: true,
  multimodal: true,
  kvConnector: true,
  nixl: true,
  kvCacheMetrics: true,
  mfu: true,
  nanCheck: true,
};

/** Feature names, sorted. */
export const FEATURE_NAMES = (Object.keys(ALL_FEATURES) as Feature[]).sort();
