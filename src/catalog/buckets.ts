// Histogram bucket upper bounds (without +Inf), copied from vllm/v1/metrics/loggers.py and
// vllm/engine/metrics.py via the reference. Generated SLO thresholds must be one of these bounds,
// so a wrong list here makes a burn-rate rule silently wrong.
import { compareVersions } from './versions.js';

type Buckets = readonly number[];
type VersionedBuckets = (version: string) => Buckets | undefined;

/** PR #15202 (≈0.8.2, fixing #15167) lengthened TTFT, ITL/TPOT and request-latency buckets.
 *  The catalog has no 0.8.2, so the long lists start at catalog version 0.8.3. */
const LONG_BUCKETS_SINCE = '0.8.2';

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

/** V1 from ≈0.9; before that CUDA-graph capture sizes, i.e. deployment-dependent. */
export const ITER_BUCKETS: Buckets = [1, 8, 16, 32, 64, 128, 256, 512, 1024, 2048, 4096, 8192, 16384];
const ITER_SINCE = '0.9';

export const PARAMS_N_BUCKETS: Buckets = [1, 2, 5, 10, 20];
export const PREEMPT_BUCKETS: Buckets = [1, 2, 3, 4, 5, 10, 20];
export const KV_RES_BUCKETS: Buckets = [
  0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1, 2, 5, 10, 20, 30, 60, 120, 300, 600, 1200,
  1800,
];

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
export const iterBuckets = changedAt(ITER_SINCE, undefined, ITER_BUCKETS);

/** The bounds a histogram has in a version; undefined when they depend on the deployment. */
export function bucketsAt(
  buckets: Buckets | VersionedBuckets | undefined,
  version: string,
): Buckets | undefined {
  return typeof buckets === 'function' ? buckets(version) : buckets;
}
