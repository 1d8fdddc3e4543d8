// Histogram bucket upper bounds (without +Inf), copied from vllm/v1/metrics/loggers.py and
// vllm/engine/metrics.py via the reference. Generated SLO thresholds must be one of these bounds,
// so a wrong list here makes a burn-rate rule silently wrong.
import { compareVersions } from './versions.js';

type Buckets = readonly number[];
type VersionedBuckets = (version: string) => Buckets | undefined;

/** PR #15202 (fixing #15167) lengthened TTFT, ITL/TPOT and request-latency buckets: the v0.8.3 tag
 *  still has the short lists, v0.8.4 the long ones. */
const LONG_BUCKETS_SINCE = '0.8.4';
/** PR #4464 (v0.6.4) gave e2e latency the request-latency list; before it had its own. */
const REQ_LAT_SINCE = '0.6.4';
const E2E_BEFORE_REQ_LAT: Buckets = [1.0, 2.5, 5.0, 10.0, 15.0, 20.0, 30.0, 40.0, 50.0, 60.0];

export const TTFT_BUCKETS: Buckets = [
  0.001, 0.005, 0.01, 0.02, 0.04, 0.06, 0.08, 0.1, 0.25, 0.5, 0.75, 1.0, 2.5, 5.0, 7.5, 10.0, 20.0,
  40.0, 80.0, 160.0, 640.0, 2560.0,
];

export const ITL_BUCKETS: Buckets = [
  0.01, 0.025, 0.05, 0.075, 0.1, 0.15, 0.2, 0.3, 0.4, 0.5, 0.75, 1.0, 2.5, 5.0, 7.5, 10.0, 20.0, 40.0,
  80.0,
];

export const REQ_LAT_BUCKETS: Buckets = [
  0.3, 0.5, 0.8, 1.0, 1.5, 2.0, 2.5, 5.0, 10.0, 15.0, 20.0, 30.0, 40.0, 50.0, 60.0, 120.0, 240.0,
  480.0, 960.0, 1920.0, 7680.0,
];

/** V1 from v0.8.5; V0 in 0.6.4–0.6.x had a fixed list (with vLLM's 8096 typo), 0.7 to V1 0.8.4 the
 *  CUDA-graph capture sizes, i.e. deployment-dependent. */
export const ITER_BUCKETS: Buckets = [1, 8, 16, 32, 64, 128, 256, 512, 1024, 2048, 4096, 8192, 16384];
const ITER_SINCE = '0.8.5';
const V0_ITER_BUCKETS: Buckets = [1, 8, 16, 32, 64, 128, 256, 512, 1024, 2048, 4096, 8096];
const V0_ITER_UNTIL = '0.7';

export const PARAMS_N_BUCKETS: Buckets = [1, 2, 5, 10, 20];
export const KV_RES_BUCKETS: Buckets = [
  0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1, 2, 5, 10, 20, 30, 60, 120, 300, 600, 1200,
  1800,
];

/** Connector and frontend histograms, as their modules define them. */
const CONNECTOR_SECONDS: Buckets = [0.001, 0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.2, 0.3, 0.5, 0.75, 1.0, 5.0];
export const NIXL_POST_TIME_BUCKETS = CONNECTOR_SECONDS;
export const NIXL_XFER_TIME_BUCKETS = CONNECTOR_SECONDS.slice(1);
/** 2 KiB to 8 GiB: 2^(10+i) for i = 1, 3, …, 23. */
export const NIXL_BYTES_BUCKETS: Buckets = Array.from({ length: 12 }, (_, i) => 2 ** (11 + 2 * i));
export const NIXL_DESCRIPTOR_BUCKETS: Buckets = [10, 20, 30, 50, 75, 100, 200, 400, 1000, 2000, 4000, 10000, 20000, 50000];
export const HF3FS_DURATION_BUCKETS = CONNECTOR_SECONDS;
export const MOONCAKE_STORE_TIME_BUCKETS: Buckets = [0.001, 0.005, 0.01, 0.05, 0.1, 0.2, 0.3, 0.4, 0.5, 0.75, 1.0, 1.5, 2.0, 3.0, 4.0];
export const WEBSOCKET_DURATION_BUCKETS: Buckets = [0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600, 1800];
export const KV_OFFLOAD_LOOKUP_SYNC_BUCKETS: Buckets = [0.00001, 0.00005, 0.0001, 0.0005, 0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1];
export const KV_OFFLOAD_LOOKUP_ASYNC_BUCKETS: Buckets = [0.0001, 0.0005, 0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5, 10];

/** prometheus-fastapi-instrumentator defaults. */
export const HTTP_DURATION_BUCKETS: Buckets = [0.1, 0.5, 1];
export const HTTP_DURATION_HIGHR_BUCKETS: Buckets = [
  0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 1.5, 2, 2.5, 3, 3.5, 4, 4.5, 5, 7.5, 10, 30, 60,
];

/** vLLM's build_1_2_3_5_8_buckets(max): 1, 2, 3, 5, 8, 10, 20, … up to max (V0 model time histograms). */
export function buckets12358(max: number): Buckets {
  const out: number[] = [];
  for (let exponent = 1; ; exponent *= 10) {
    for (const mantissa of [1, 2, 3, 5, 8]) {
      const value = mantissa * exponent;
      if (value > max) return out;
      out.push(value);
    }
  }
}

/** Before PR #15202 each list stopped at a lower cap; the old lists are prefixes of the new ones. */
function truncatedAt(list: Buckets, cap: number): Buckets {
  return list.filter((b) => b <= cap);
}

function changedAt(since: string, before: Buckets | undefined, after: Buckets): VersionedBuckets {
  return (version) => (compareVersions(version, since) >= 0 ? after : before);
}

export const ttftBuckets = changedAt(LONG_BUCKETS_SINCE, truncatedAt(TTFT_BUCKETS, 10.0), TTFT_BUCKETS);
export const itlBuckets = changedAt(LONG_BUCKETS_SINCE, truncatedAt(ITL_BUCKETS, 2.5), ITL_BUCKETS);
export const reqLatBuckets = changedAt(LONG_BUCKETS_SINCE, truncatedAt(REQ_LAT_BUCKETS, 60.0), REQ_LAT_BUCKETS);
export const e2eBuckets: VersionedBuckets = (version) =>
  compareVersions(version, REQ_LAT_SINCE) < 0 ? E2E_BEFORE_REQ_LAT : reqLatBuckets(version);
export const iterBuckets: VersionedBuckets = (version) =>
  compareVersions(version, V0_ITER_UNTIL) < 0 ? V0_ITER_BUCKETS : changedAt(ITER_SINCE, undefined, ITER_BUCKETS)(version);

/** The bounds a histogram has in a version; undefined when they depend on the deployment. */
export function bucketsAt(
  buckets: Buckets | VersionedBuckets | undefined,
  version: string,
): Buckets | undefined {
  return typeof buckets === 'function' ? buckets(version) : buckets;
}
