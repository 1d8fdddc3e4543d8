import type { Feature } from './types.js';

/** Every optional subsystem switched on: the widest metric set a version can expose. */
export const ALL_FEATURES: Readonly<Record<Feature, boolean>> = {
  speculativeDecoding: true,
  lora: true,
  nixl: true,
  kvOffload: true,
  hf3fs: true,
  mooncakeStore: true,
  kvCacheMetrics: true,
  mfu: true,
  nanCheck: true,
  realtime: true,
  toolCalling: true,
};

/** What switches each subsystem on in the server, for people reading the catalog. */
export const FEATURE_SWITCHES: Readonly<Record<Feature, string>> = {
  speculativeDecoding: '--speculative-config',
  lora: '--enable-lora',
  nixl: '--kv-transfer-config with NixlConnector',
  kvOffload: '--kv-transfer-config with OffloadingConnector (CPU/tiered KV offloading)',
  hf3fs: '--kv-transfer-config with HF3FSKVConnector',
  mooncakeStore: '--kv-transfer-config with MooncakeStoreConnector',
  kvCacheMetrics: '--kv-cache-metrics',
  mfu: '--enable-mfu-metrics',
  nanCheck: 'VLLM_COMPUTE_NANS_IN_LOGITS=1',
  realtime: 'a model served on the /realtime WebSocket route',
  toolCalling: '--tool-call-parser',
};

/** Feature names, sorted. */
export const FEATURE_NAMES = (Object.keys(ALL_FEATURES) as Feature[]).sort();
